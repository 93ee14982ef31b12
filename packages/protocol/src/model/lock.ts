import { z } from 'zod';
import { Id, Timestamp } from './ids';

/** What a lease can cover: a pane (by id), files (a path or a glob) or a git branch (by name). */
export const LockResourceKind = z.enum(['pane', 'file', 'branch']);
export type LockResourceKind = z.infer<typeof LockResourceKind>;

export const LockResource = z.strictObject({
  kind: LockResourceKind,
  name: z.string().min(1).max(1024).describe('pane id, path glob (e.g. "src/api/**") or branch name'),
});
export type LockResource = z.infer<typeof LockResource>;

/** A lease: held by `owner` (agent id or `human`) until `expiresAt` unless renewed or released. */
export const Lock = z.object({
  id: Id,
  resource: LockResource,
  owner: z.string(),
  reason: z.string().nullable(),
  acquiredAt: Timestamp,
  renewedAt: Timestamp,
  expiresAt: Timestamp,
});
export type Lock = z.infer<typeof Lock>;

/** `owner_closed`: its agent was closed (a closed agent's lease only kept others out until it expired). */
export const LockReleaseReason = z.enum(['released', 'handed_over', 'owner_closed']);
export type LockReleaseReason = z.infer<typeof LockReleaseReason>;
