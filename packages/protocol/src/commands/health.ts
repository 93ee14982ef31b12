import { z } from 'zod';
import { AgentState } from '../model/agent';
import { HealthState, HealthTransition, HookEventName, OutputRateSeries } from '../model/health';
import { AgentRef, Id, Timestamp } from '../model/ids';
import { defineCommand } from './define';

export const ReportHookInput = z.strictObject({
  event: HookEventName.describe('hook_event_name from the hook JSON'),
  notificationType: z
    .string()
    .max(64)
    .optional()
    .describe('Notification hooks: notification_type, e.g. "permission_prompt"'),
  message: z.string().max(500).optional().describe('Notification hooks: the message Claude Code shows'),
  toolName: z.string().max(128).optional().describe('PreToolUse/PostToolUse: tool_name'),
  sessionId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'a session id is letters, digits, "-" and "_"')
    .optional()
    .describe("session_id: the CLI's conversation, which a restart of this agent resumes"),
});

/** Input of `health.pause` / `health.resume`: one agent, or the whole fleet when `agent` is absent. */
export const PauseRecoveryInput = z.strictObject({
  agent: AgentRef.optional().describe('one agent; absent: the whole fleet'),
  reason: z.string().max(500).optional(),
});
const PauseRecoveryOutput = z.object({ paused: z.boolean(), agentId: Id.nullable() });

export const healthCommands = {
  'health.get': defineCommand({
    description: "An agent's current state with its confidence and the signals behind it.",
    input: z.strictObject({ agent: AgentRef }),
    output: HealthState,
    callers: ['human', 'agent'],
  }),
  'health.history': defineCommand({
    description: "An agent's state history (newest last) and its output-rate series, for the dashboard.",
    input: z.strictObject({ agent: AgentRef, limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.object({
      agentId: Id,
      current: HealthState,
      transitions: z.array(HealthTransition),
      outputRate: OutputRateSeries,
    }),
    callers: ['human', 'agent'],
  }),
  'health.reportHook': defineCommand({
    description:
      "Report a Claude Code hook event for the calling agent (sent by `switchboard hook`; the agent is the token's).",
    input: ReportHookInput,
    output: z.object({ agentId: Id, state: AgentState }),
    callers: ['agent'],
  }),
  'health.heartbeat': defineCommand({
    description:
      'Tell Switchboard the calling agent is alive and working (any call counts). Keeps it from being declared hung. A note says what it is doing now: shown as its current task (an empty note clears it).',
    input: z.strictObject({
      note: z
        .string()
        .max(200)
        .optional()
        .describe('what you are doing now, one line (shown to the human as your current task)'),
    }),
    output: z.object({ agentId: Id, at: Timestamp }),
    callers: ['agent'],
  }),
  'health.pause': defineCommand({
    description:
      'Pause automatic recovery, fleet-wide or for one agent (hang detection goes on). Survives a restart.',
    input: PauseRecoveryInput,
    output: PauseRecoveryOutput,
    callers: ['human'],
  }),
  'health.resume': defineCommand({
    description: 'Resume automatic recovery, fleet-wide or for one agent.',
    input: PauseRecoveryInput,
    output: PauseRecoveryOutput,
    callers: ['human'],
  }),
} as const;
