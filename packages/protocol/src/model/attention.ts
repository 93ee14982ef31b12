import { z } from 'zod';
import { Id, Timestamp } from './ids';

/**
 * Why the person is asked to look: the agent waits for input, failed, hangs, finished a turn, an approval waits,
 * its first task is held because its CLI has not listed Switchboard's tools (`agent.decideTask`), or it was resumed
 * after its pane ended mid-turn and nothing continues that turn (`agent.continueTurn`).
 */
export const AttentionKind = z.enum([
  'waiting_for_input',
  'error',
  'hung',
  'finished',
  'approval_pending',
  'task_held',
  'turn_interrupted',
]);
export type AttentionKind = z.infer<typeof AttentionKind>;

export const AttentionSeverity = z.enum(['info', 'warning', 'critical']);
export type AttentionSeverity = z.infer<typeof AttentionSeverity>;

/** Where "go to pane" leads: the agent and the exact iTerm2 window, tab and session (pane). */
export const PaneLocation = z.object({
  agentId: Id,
  paneId: z.string(),
  windowId: z.string().nullable(),
  tabId: z.string().nullable(),
});
export type PaneLocation = z.infer<typeof PaneLocation>;

/** Why an item was not shown to the person as it was raised: do-not-disturb, or its team is muted. */
export const AttentionSilence = z.enum(['do_not_disturb', 'team_muted']);
export type AttentionSilence = z.infer<typeof AttentionSilence>;

/**
 * One notification. Repeats of the same agent + kind while it is open, or within the cool-down, fold
 * into it (`occurrences`) instead of raising another.
 */
export const AttentionItem = z.object({
  id: Id,
  kind: AttentionKind,
  severity: AttentionSeverity,
  agentId: Id.nullable(),
  agentName: z.string().nullable(),
  teamId: Id.nullable(),
  title: z.string(),
  body: z.string(),
  /** The approval item this is about (kind `approval_pending`). */
  approvalId: Id.nullable(),
  /** Items with the same group are shown together ("3 agents are waiting for input"). */
  group: z.string(),
  /** How many times the condition arose while this item stood (1 = once). */
  occurrences: z.number().int().positive(),
  target: PaneLocation.nullable(),
  silenced: AttentionSilence.nullable(),
  /** `open` until dismissed by the person, resolved by the condition ending, or acted on (go to pane). */
  status: z.enum(['open', 'dismissed', 'resolved']),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AttentionItem = z.infer<typeof AttentionItem>;

/** Items of one group, newest first, for a grouped toast or list. */
export const AttentionGroup = z.object({
  group: z.string(),
  kind: AttentionKind,
  severity: AttentionSeverity,
  title: z.string(),
  itemIds: z.array(Id),
  agentIds: z.array(Id),
});
export type AttentionGroup = z.infer<typeof AttentionGroup>;

/** Fleet-wide do-not-disturb, muted teams and the cool-down; persisted. */
export const AttentionSettings = z.object({
  doNotDisturb: z.boolean(),
  /** Do-not-disturb ends by itself at this time (null: until turned off). */
  doNotDisturbUntil: Timestamp.nullable(),
  mutedTeams: z.array(Id),
  /** An agent raises at most one notification of a kind per this many milliseconds. */
  cooldownMs: z.number().int().nonnegative(),
});
export type AttentionSettings = z.infer<typeof AttentionSettings>;
