import type { OrchestratorDeps } from '@switchboard/core';

/** Seconds (1–3,600) a wired CLI may sit idle at its prompt without Switchboard's tools before its first task is held. */
export const TOOLS_WAIT_ENV = 'SWITCHBOARD_TASK_TOOLS_WAIT_SECONDS';
/** `hold` (default: ask the human) or `type` (type the first task anyway) once that wait has passed. */
export const WITHOUT_TOOLS_ENV = 'SWITCHBOARD_TASK_WITHOUT_TOOLS';

/**
 * The human's policy for first tasks whose CLI is late with Switchboard's tools (docs/fleet.md), from the host's
 * environment; unset: core's defaults (30 s, hold). A bad value is refused by name, and the host does not start.
 */
export function initialTasksFromEnv(env: NodeJS.ProcessEnv = process.env): OrchestratorDeps['initialTasks'] {
  const wait = env[TOOLS_WAIT_ENV]?.trim();
  const policy = env[WITHOUT_TOOLS_ENV]?.trim();
  if (wait && (!/^[0-9]{1,4}$/.test(wait) || Number(wait) < 1 || Number(wait) > 3_600))
    throw new Error(
      `${TOOLS_WAIT_ENV} must be a whole number of seconds from 1 to 3600, not ${JSON.stringify(wait.slice(0, 40))}`,
    );
  if (policy && policy !== 'hold' && policy !== 'type')
    throw new Error(`${WITHOUT_TOOLS_ENV} must be hold or type, not ${JSON.stringify(policy.slice(0, 40))}`);
  return {
    ...(wait ? { mcpWaitMs: Number(wait) * 1000 } : {}),
    ...(policy === 'hold' || policy === 'type' ? { whenToolsLate: policy } : {}),
  };
}
