import { RetentionSweep } from '../model/retention';
import { defineEvent } from './define';

export const retentionEvents = [
  /** A sweep finished: rows dropped per kind (counts only, never row contents). */
  defineEvent('retention.swept', { sweep: RetentionSweep }),
] as const;
