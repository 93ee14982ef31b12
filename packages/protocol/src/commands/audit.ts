import { z } from 'zod';
import { AuditEntry, AuditVerification } from '../model/audit';
import { defineCommand } from './define';

export const auditCommands = {
  'audit.list': defineCommand({
    description:
      'Audit entries in chain order after a sequence number, or newest first (page on with `beforeSequence`).',
    input: z.strictObject({
      afterSequence: z.number().int().nonnegative().default(0),
      beforeSequence: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('only entries before this one: the next page newest first is before the last one shown'),
      newestFirst: z.boolean().default(false).describe('the newest entries first (the audit viewer)'),
      action: z.string().min(1).max(128).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: z.object({ entries: z.array(AuditEntry) }),
    callers: ['human'],
  }),
  'audit.verify': defineCommand({
    description: 'Recompute the hash chain and report the first edited, removed or reordered entry.',
    input: z.strictObject({}),
    output: AuditVerification,
    callers: ['human'],
  }),
} as const;
