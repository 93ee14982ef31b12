import { z } from 'zod';
import { Timestamp } from './ids';

/** `ok`: done; `automatic`: decided by a policy or expiry; `denied`: refused by a role check or rate limit; `failed`: tried and not done (e.g. a decision whose keys could not be pressed). */
export const AuditOutcome = z.enum(['ok', 'automatic', 'denied', 'failed']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/** Who did it: the human, an agent, or Switchboard itself (expiries, automatic decisions). */
export const AuditActor = z.object({ kind: z.enum(['human', 'agent', 'system']), id: z.string().min(1) });
export type AuditActor = z.infer<typeof AuditActor>;

/**
 * One entry of the hash chain: `hash` is SHA-256 over the previous entry's hash and this entry's
 * content, so editing, removing or reordering any entry breaks every hash after it.
 */
export const AuditEntry = z.object({
  sequence: z.number().int().positive(),
  at: Timestamp,
  actor: AuditActor,
  action: z.string(),
  target: z.string().nullable(),
  outcome: AuditOutcome,
  details: z.unknown(),
  previousHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditProblem = z.enum(['edited', 'removed', 'reordered']);
export type AuditProblem = z.infer<typeof AuditProblem>;

export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  /** The first entry that does not fit the chain, and how. */
  firstBad: z.object({ sequence: z.number().int(), problem: AuditProblem, message: z.string() }).nullable(),
  /**
   * Set once retention pruned the oldest entries: the chain is verified from `fromSequence`, linked to the
   * anchor (the hash of the last pruned entry) that retention wrote when it deleted them, on `prunedAt`.
   */
  pruned: z
    .object({ fromSequence: z.number().int().positive(), prunedAt: Timestamp, message: z.string() })
    .optional(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
