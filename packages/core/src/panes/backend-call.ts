import { SwitchboardError } from '@switchboard/protocol';

/**
 * Runs a terminal backend call for a command: a failure other than our own typed errors becomes `unavailable`,
 * so a caller never sees a backend's raw error as `internal`.
 */
export async function backendCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SwitchboardError) throw error;
    throw new SwitchboardError('unavailable', `The terminal backend failed: ${(error as Error).message}`, {
      hint: 'Try again; if it persists the backend is disconnected.',
    });
  }
}
