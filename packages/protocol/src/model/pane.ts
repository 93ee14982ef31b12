import { z } from 'zod';
import { AgentState } from './agent';
import { Id, Timestamp } from './ids';

/** A pane addressed by an agent's id or name, or by the backend's pane id. */
export const PaneTarget = z.string().min(1).max(128).describe('an agent name or id, or a pane id');
export type PaneTarget = z.infer<typeof PaneTarget>;

/** A terminal pane as agents and the UI see it: the backend's facts plus the agent bound to it. */
export const PaneView = z.object({
  id: z.string(),
  windowId: z.string(),
  tabId: z.string(),
  title: z.string(),
  pid: z.number().int().nullable(),
  alive: z.boolean(),
  agentId: Id.nullable(),
  agentName: z.string().nullable(),
  teamId: Id.nullable(),
  role: z.string().nullable(),
  state: AgentState.nullable(),
});
export type PaneView = z.infer<typeof PaneView>;

/** A regular expression typed by a caller: bounded, and checked to compile. */
export const LinePattern = z
  .string()
  .min(1)
  .max(512)
  .refine((source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression')
  .describe('a regular expression (RE2 syntax: no look-around or back-references) matched against each line');

/** An output-pattern subscription: when a line matching `pattern` appears in the pane, someone is told. */
export const PaneWatch = z.object({
  id: Id,
  paneId: z.string(),
  agentId: Id.nullable().describe('the agent whose pane is watched, if any'),
  pattern: z.string(),
  notifyAgentId: Id.nullable().describe('the agent told of a match; null means the human'),
  ownerId: z.string().describe('who created the watch (an agent id, or "human")'),
  once: z.boolean(),
  label: z.string().nullable(),
  createdAt: Timestamp,
});
export type PaneWatch = z.infer<typeof PaneWatch>;

export const NotificationLevel = z.enum(['info', 'success', 'warning', 'error', 'blocked']);
export type NotificationLevel = z.infer<typeof NotificationLevel>;

/** Something an agent wants the person to see. */
export const HumanNotification = z.object({
  id: Id,
  fromAgentId: Id.nullable(),
  level: NotificationLevel,
  summary: z.string(),
  details: z.string().nullable(),
  createdAt: Timestamp,
});
export type HumanNotification = z.infer<typeof HumanNotification>;
