import type { RecordingOptions } from '@switchboard/core';

/** The environment variable that turns recording off (`off`) or on (`on`, the default) for a host. */
export const RECORDINGS_ENV = 'SWITCHBOARD_RECORDINGS';

const SWITCH_VALUES: Record<string, boolean> = { on: true, off: false };

/**
 * Whether the host records panes, from `SWITCHBOARD_RECORDINGS` (`on` | `off`, any case; unset or empty:
 * the default, on). Anything else is refused with the values it takes: a typo must not silently record,
 * nor silently not record.
 */
export function recordingSwitchFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<RecordingOptions, 'enabled'> | undefined {
  const raw = env[RECORDINGS_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  const enabled = SWITCH_VALUES[raw];
  if (enabled === undefined)
    throw new Error(`${RECORDINGS_ENV} must be "on" or "off", not ${JSON.stringify(raw.slice(0, 40))}`);
  return { enabled };
}
