import { z } from 'zod';
import { Name } from './ids';

/** The seed's eight roles and `manager` (plans and delegation); `custom` is what an agent gets when nobody said otherwise. */
export const BUILT_IN_ROLES = [
  'orchestrator',
  'manager',
  'devops',
  'builder',
  'debugger',
  'researcher',
  'tester',
  'monitor',
  'custom',
] as const;

/** A token bucket: `perMinute` tokens flow in, at most `burst` are held. */
export const RateLimit = z.strictObject({
  perMinute: z.number().int().min(1).max(1_000_000),
  burst: z.number().int().min(1).max(1_000_000),
});
export type RateLimit = z.infer<typeof RateLimit>;

/**
 * A role in the catalog. `commands` holds command names or globs (`lock.*`, `*.list`, `*`);
 * `allowed` is what they resolve to against the current contract, including `agent.spawn` when
 * `canSpawn` and `role.assign` when `canChangeRoles`. `mayMessage` lists the roles whose agents
 * this role may message (`*` for all). `canWriteOtherPanes` (the permission `pane.write.others`) lets
 * its agents type or press keys in another agent's pane (`pane.send`, `pane.keys`); without it an
 * agent writes only into its own pane. `canReadOtherPanes` (the permission `pane.read.others`) lets its agents
 * read another agent's pane or a pane no agent owns (`pane.read`, `pane.waitFor`, `pane.watch`,
 * `pane.getVariable`); without it an agent reads only its own pane. `hosts` lists the remote hosts (docs/remote.md) its agents may
 * spawn agents on (`*` any); empty, the default, keeps them on this machine. The human may use any host.
 */
export const Role = z.object({
  name: Name,
  description: z.string(),
  commands: z.array(z.string()),
  allowed: z.array(z.string()),
  mayMessage: z.array(z.string()),
  canSpawn: z.boolean(),
  canChangeRoles: z.boolean(),
  canWriteOtherPanes: z.boolean(),
  canReadOtherPanes: z.boolean(),
  hosts: z
    .array(z.string())
    .describe('the remote hosts its agents may spawn agents on (`*`: any); empty: this machine only'),
  rateLimit: RateLimit,
  updatedAt: z.string(),
});
export type Role = z.infer<typeof Role>;
