import { z } from 'zod';
import { Approval } from '../model/approval';
import { Id } from '../model/ids';
import { plainText } from '../model/agent-spec';
import { Lock, LockResource, LockResourceKind } from '../model/lock';
import { MAX_WAIT_MS } from './approvals';
import { defineCommand } from './define';

const MINUTE = 60_000;
const ttlMs = z
  .number()
  .int()
  .min(1000)
  .max(24 * 60 * MINUTE)
  .default(5 * MINUTE)
  .describe('lease length; renew before it ends');

/** A resource as a caller names it: shown to the person in the Locks view and in every `locked` refusal. */
const ResourceInput = LockResource.extend({
  name: plainText(1, 1024).describe('pane id, path glob (e.g. "src/api/**") or branch name'),
});
const Reason = plainText(0, 1000, true);

export const locksCommands = {
  'lock.acquire': defineCommand({
    description:
      'Take a lease on a pane, files (path glob) or a branch. Fails with `locked`, naming the holder, if someone else holds an overlapping lease.',
    input: z.strictObject({ resource: ResourceInput, ttlMs, reason: Reason.optional() }),
    output: Lock,
    callers: ['human', 'agent'],
  }),
  'lock.renew': defineCommand({
    description: 'Extend a lease you hold.',
    input: z.strictObject({ lockId: Id, ttlMs }),
    output: Lock,
    callers: ['human', 'agent'],
  }),
  'lock.release': defineCommand({
    description: 'Give a lease back (the holder, or the human).',
    input: z.strictObject({ lockId: Id }),
    output: z.object({ lockId: Id }),
    callers: ['human', 'agent'],
  }),
  'lock.list': defineCommand({
    description: 'Current leases.',
    input: z.strictObject({
      kind: LockResourceKind.optional(),
      owner: z.string().min(1).max(128).optional(),
    }),
    output: z.object({ locks: z.array(Lock) }),
    callers: ['human', 'agent'],
  }),
  'lock.request': defineCommand({
    description:
      "Ask for a resource someone else holds: takes it at once if free, else puts a `lock` item in the approval queue (decided by the human or the holder's policy); on approval the lease is handed over.",
    input: z.strictObject({
      resource: ResourceInput,
      ttlMs,
      reason: Reason.optional(),
      expiresInMs: z
        .number()
        .int()
        .min(1000)
        .max(24 * 60 * MINUTE)
        .default(15 * MINUTE),
      waitMs: z.number().int().min(0).max(MAX_WAIT_MS).default(0),
    }),
    output: z.object({ lock: Lock.nullable(), approval: Approval.nullable(), timedOut: z.boolean() }),
    callers: ['human', 'agent'],
  }),
} as const;
