import { SwitchboardError } from '@switchboard/protocol';

/**
 * Calls `finish` with how `pending` settled (`ok`, the typed error's code, or `error`) and passes the
 * value or the error on unchanged. The outcome is a closed set, so it is safe as a metric label.
 */
export function withOutcome<T>(pending: Promise<T>, finish: (outcome: string) => void): Promise<T> {
  return pending.then(
    (value) => {
      finish('ok');
      return value;
    },
    (error: unknown) => {
      finish(error instanceof SwitchboardError ? error.code : 'error');
      throw error;
    },
  );
}
