import type { z } from 'zod';

export type CallerKind = 'human' | 'agent';

/** One command of the contract: its schemas, who may call it, and words for people and models. */
export interface CommandDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly description: string;
  readonly input: I;
  readonly output: O;
  /** Caller kinds that may call it at all; for agents the roles catalog refines this further. */
  readonly callers: readonly CallerKind[];
}

export function defineCommand<I extends z.ZodType, O extends z.ZodType>(
  definition: CommandDefinition<I, O>,
): CommandDefinition<I, O> {
  return definition;
}
