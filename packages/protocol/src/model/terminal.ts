import { z } from 'zod';
import { Id } from './ids';

/**
 * Where the person's keyboard is in the terminal: the pane that has the focus (iTerm2: the active
 * session of the selected tab of the current window) and the agent it belongs to, when an agent owns it.
 */
export const TerminalFocus = z.object({
  paneId: z.string().nullable(),
  agentId: Id.nullable(),
});
export type TerminalFocus = z.infer<typeof TerminalFocus>;

/**
 * A broadcast domain of the terminal (iTerm2: typing into one of its panes types into all of them): its
 * panes, and the agents that own them (a pane no agent owns has none here).
 */
export const BroadcastDomain = z.object({
  paneIds: z.array(z.string()),
  agentIds: z.array(Id),
});
export type BroadcastDomain = z.infer<typeof BroadcastDomain>;
