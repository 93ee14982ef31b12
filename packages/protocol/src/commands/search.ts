import { z } from 'zod';
import { Timestamp } from '../model/ids';
import { defineCommand } from './define';

/** Where a fleet search hit comes from: shared memory, message bodies, or the lines recorded from agents' panes. */
export const SearchSource = z.enum(['memory', 'message', 'recording']);
export type SearchSource = z.infer<typeof SearchSource>;

/** One hit: its source, when, the matched passage (matches between ⟦ and ⟧), its rank (lower is better) and where to jump. */
export const FleetSearchHit = z.object({
  source: SearchSource,
  at: Timestamp,
  snippet: z.string(),
  rank: z.number(),
  /** memory: the entry; message: the message and who it went to; recording: the moment the lines appeared on the agent's screen (ms since the epoch). */
  memory: z.object({ namespace: z.string(), key: z.string() }).nullable(),
  message: z.object({ id: z.string(), kind: z.string(), recipientIds: z.array(z.string()) }).nullable(),
  recording: z.object({ at: z.number().int().nonnegative() }).nullable(),
});
export type FleetSearchHit = z.infer<typeof FleetSearchHit>;

/** An agent's hits (`human` for what the human wrote), best first; groups ordered by their best hit. */
export const FleetSearchGroup = z.object({ agentId: z.string(), hits: z.array(FleetSearchHit) });
export type FleetSearchGroup = z.infer<typeof FleetSearchGroup>;

export const searchCommands = {
  'fleet.search': defineCommand({
    description:
      "Full-text search over what the fleet knows, said and printed at once — shared memory, messages and the output recorded from agents' panes — grouped by agent (the author, the sender, the pane's agent), each hit with its time, a snippet and where to jump.",
    input: z.strictObject({
      query: z.string().min(1).max(500),
      sources: z.array(SearchSource).min(1).max(3).default(['memory', 'message', 'recording']),
      limit: z.number().int().min(1).max(200).default(50).describe('hits per source'),
    }),
    output: z.object({ groups: z.array(FleetSearchGroup), total: z.number().int().nonnegative() }),
    callers: ['human'],
  }),
} as const;
