import { z } from 'zod';

/**
 * Who is calling. Every command carries one; it is decided by the transport from the caller's token,
 * never taken from a command's input.
 */
export const Caller = z.object({
  kind: z.enum(['human', 'agent']),
  id: z.string().min(1),
});
export type Caller = z.infer<typeof Caller>;

export const HUMAN_CALLER_ID = 'human';

/** The identity of the person at the UI or a script run with the human's token. */
export const humanCaller: Caller = Object.freeze({ kind: 'human', id: HUMAN_CALLER_ID });
