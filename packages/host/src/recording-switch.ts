import type { RecordingOptions } from '@switchboard/core';

/** The environment variable that turns recording off (`off`), on (`on`, the default) or on with colours (`styles`). */
export const RECORDINGS_ENV = 'SWITCHBOARD_RECORDINGS';

const SWITCH_VALUES: Record<string, Pick<RecordingOptions, 'enabled'> & Partial<RecordingOptions>> = {
  on: { enabled: true },
  off: { enabled: false },
  // Colours and attributes too: every recorded pane is then read with styles (a costlier read).
  styles: { enabled: true, styles: true },
};

/**
 * Whether the host records panes, from `SWITCHBOARD_RECORDINGS` (`on` | `off` | `styles`, any case; unset
 * or empty: the default, on without colours). Anything else is refused with the values it takes: a typo
 * must not silently record, nor silently not record.
 */
export function recordingSwitchFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Partial<RecordingOptions> | undefined {
  const raw = env[RECORDINGS_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  const options = Object.hasOwn(SWITCH_VALUES, raw) ? SWITCH_VALUES[raw] : undefined;
  if (options === undefined)
    throw new Error(
      `${RECORDINGS_ENV} must be "on", "off" or "styles", not ${JSON.stringify(raw.slice(0, 40))}`,
    );
  return { ...options };
}
