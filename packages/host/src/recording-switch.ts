import type { RecordingOptions } from '@switchboard/core';
import { envChoice } from './env-values';

/** The environment variable that turns recording off (`off`), on (`on`, the default) or on with colours (`styles`). */
export const RECORDINGS_ENV = 'SWITCHBOARD_RECORDINGS';

const SWITCH_VALUES: Record<
  'on' | 'off' | 'styles',
  Pick<RecordingOptions, 'enabled'> & Partial<RecordingOptions>
> = {
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
  const chosen = envChoice(env, RECORDINGS_ENV, ['on', 'off', 'styles'] as const);
  return chosen === undefined ? undefined : { ...SWITCH_VALUES[chosen] };
}
