import { z } from 'zod';
import { AgentRef, Id } from '../model/ids';
import { defineCommand } from './define';

const Count = z.number().int().nonnegative();

/** One agent's use of its quotas: what it holds now against each limit (a write past a limit is refused). */
export const QuotaUsage = z.object({
  agentId: Id,
  /** Shared memory: the bytes (key, value, tags) of the entries it wrote that are still stored (memory.maxBytesPerAuthor). */
  memory: z.object({ usedBytes: Count, limitBytes: Count }),
  /** Its inbox: copies not yet acknowledged (held, queued, received) and their body bytes (messaging.inboxQuota). */
  inbox: z.object({ messages: Count, maxMessages: Count, bytes: Count, maxBytes: Count }),
});
export type QuotaUsage = z.infer<typeof QuotaUsage>;

export const quotaCommands = {
  'quota.usage': defineCommand({
    description:
      'How close an agent is to its quotas: shared-memory bytes it wrote, and its inbox (messages and bytes not yet ' +
      'acknowledged), each with its limit. An agent sees only its own; the human any agent, or every agent.',
    input: z.strictObject({
      agent: AgentRef.optional().describe(
        "an agent; agents may only name themselves; absent: the caller's own (the human: every agent)",
      ),
    }),
    output: z.object({ usage: z.array(QuotaUsage) }),
    callers: ['human', 'agent'],
  }),
} as const;
