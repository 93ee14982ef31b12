import type { OrchestratorDeps } from '@switchboard/core';
import { envChoice, envWholeNumber } from './env-values';

/** Seconds (1–3,600) a wired CLI may sit idle at its prompt without Switchboard's tools before its first task is held. */
export const TOOLS_WAIT_ENV = 'SWITCHBOARD_TASK_TOOLS_WAIT_SECONDS';
/** `hold` (default: ask the human) or `type` (type the first task anyway) once that wait has passed. */
export const WITHOUT_TOOLS_ENV = 'SWITCHBOARD_TASK_WITHOUT_TOOLS';

/**
 * The human's policy for first tasks whose CLI is late with Switchboard's tools (docs/fleet.md), from the host's
 * environment; unset: core's defaults (30 s, hold). A bad value is refused by name, and the host does not start.
 */
export function initialTasksFromEnv(env: NodeJS.ProcessEnv = process.env): OrchestratorDeps['initialTasks'] {
  const wait = envWholeNumber(env, TOOLS_WAIT_ENV, { min: 1, max: 3_600, unit: 'seconds' });
  const policy = envChoice(env, WITHOUT_TOOLS_ENV, ['hold', 'type']);
  return {
    ...(wait == null ? {} : { mcpWaitMs: wait * 1000 }),
    ...(policy === undefined ? {} : { whenToolsLate: policy }),
  };
}
