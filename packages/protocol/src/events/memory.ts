import { z } from 'zod';
import { defineEvent } from './define';

/** Something in the shared memory changed: names only, never the value (the human's browser re-reads). */
export const memoryEvents = [
  defineEvent('memory.written', {
    namespace: z.string(),
    key: z.string(),
    author: z.string(),
    version: z.number().int(),
  }),
  defineEvent('memory.deleted', {
    namespace: z.string(),
    key: z.string(),
    by: z.string(),
    reason: z.enum(['deleted', 'expired']),
  }),
] as const;
