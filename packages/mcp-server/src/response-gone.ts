import type { ServerResponse } from 'node:http';
import type { CallAbort } from './calls-in-flight';

/**
 * Aborts a call's signal when its HTTP response closes before the answer was sent (the client went away): core then
 * ends the call's wait at once.
 */
export function abortWhenResponseCloses(response: ServerResponse, signal: CallAbort): void {
  const gone = () => response.destroyed && !response.writableFinished;
  if (gone()) return signal.abort();
  response.once('close', () => void (gone() && signal.abort()));
}
