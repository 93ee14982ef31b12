import { z } from 'zod';

/** Fields every event carries: a host-wide increasing sequence and when it happened. */
export const eventEnvelope = {
  sequence: z.number().int().nonnegative(),
  at: z.string(),
};

/** Defines an event: a past fact named `noun.verbed`, with its payload. */
export function defineEvent<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), ...eventEnvelope, ...shape });
}
