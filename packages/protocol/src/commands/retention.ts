import { z } from 'zod';
import { RetentionKind, RetentionLimits, RetentionStatus, RetentionSweep } from '../model/retention';
import { defineCommand } from './define';

/** Only what is given changes: per kind, either limit (`null` removes it); the interval in minutes. */
export const ConfigureRetentionInput = z.strictObject({
  limits: z.partialRecord(RetentionKind, RetentionLimits.partial()).optional(),
  intervalMinutes: z.number().int().min(1).max(10_080).optional(),
});

export const retentionCommands = {
  'retention.get': defineCommand({
    description:
      'What the store keeps: limits per kind, rows stored, what the last sweep dropped and the totals dropped.',
    input: z.strictObject({}),
    output: RetentionStatus,
    callers: ['human'],
  }),
  'retention.configure': defineCommand({
    description:
      'Change how long finished rows are kept (days, row caps per kind) and how often the sweeper runs; {} just reads.',
    input: ConfigureRetentionInput,
    output: RetentionStatus,
    callers: ['human'],
  }),
  'retention.sweep': defineCommand({
    description: 'Prune every kind now to its limits (in short batches); returns what was dropped.',
    input: z.strictObject({}),
    output: RetentionSweep,
    callers: ['human'],
  }),
} as const;
