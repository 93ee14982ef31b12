import { z } from 'zod';
import { AgentRef, Id, Name, TeamRef, Timestamp } from './ids';

/** Who a barrier waits for: these agents, every agent of a team (as it is at creation), or any N distinct agents. */
export const BarrierParties = z.union([
  z.strictObject({ agents: z.array(AgentRef).min(1).max(200) }),
  z.strictObject({ team: TeamRef }),
  z.strictObject({ count: z.number().int().min(1).max(1000) }),
]);
export type BarrierParties = z.infer<typeof BarrierParties>;

export const BarrierState = z.enum(['open', 'released', 'timed_out', 'cancelled']);
export type BarrierState = z.infer<typeof BarrierState>;

export const Arrival = z.object({ agentId: z.string(), at: Timestamp });

/**
 * A point N agents must reach before any goes on: `released` once `needed` distinct parties arrived,
 * `timed_out` at its deadline if they did not. Every arrived party is told by a notification.
 */
export const Barrier = z.object({
  id: Id,
  name: Name,
  /** Agent id, or `human`. */
  createdBy: z.string(),
  state: BarrierState,
  /** The agents that may arrive (ids); null: any agent (a count barrier). */
  parties: z.array(z.string()).nullable(),
  /** How many distinct arrivals release it. */
  needed: z.number().int().positive(),
  arrived: z.array(Arrival),
  deadline: Timestamp.nullable(),
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
});
export type Barrier = z.infer<typeof Barrier>;

export const VoteState = z.enum(['open', 'closed']);
/** `decided`: quorum reached and one option has the most ballots; `tie`: quorum, but no single winner; `no_quorum`: too few ballots. */
export const VoteOutcome = z.enum(['decided', 'tie', 'no_quorum']);
export type VoteOutcome = z.infer<typeof VoteOutcome>;

export const VoteResult = z.object({
  outcome: VoteOutcome,
  winner: z.string().nullable(),
  tally: z.record(z.string(), z.number().int().nonnegative()),
});
export type VoteResult = z.infer<typeof VoteResult>;

/** A question put to a set of voters; closes when every voter voted or at its deadline. */
export const Vote = z.object({
  id: Id,
  question: z.string(),
  options: z.array(z.string()),
  proposedBy: z.string(),
  voters: z.array(z.string()),
  quorum: z.number().int().positive(),
  state: VoteState,
  ballots: z.array(z.object({ agentId: z.string(), option: z.string(), at: Timestamp })),
  deadline: Timestamp,
  result: VoteResult.nullable(),
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
});
export type Vote = z.infer<typeof Vote>;

/** The leader of a group: holds the lease until `expiresAt` unless it renews; `term` grows with every new leader (a fencing token). */
export const Leadership = z.object({
  group: Name,
  leaderId: z.string().nullable(),
  term: z.number().int().nonnegative(),
  expiresAt: Timestamp.nullable(),
  ttlSeconds: z.number().int().positive(),
  /** Agents waiting to lead, longest waiting first: the next leader when the lease lapses or the leader dies. */
  candidates: z.array(z.string()),
});
export type Leadership = z.infer<typeof Leadership>;

export const LeaderChange = z.enum(['elected', 'lapsed', 'died', 'resigned']);
export type LeaderChange = z.infer<typeof LeaderChange>;
