import { VariableScope } from '../gen/api_pb';
import type { SimSession } from './session';

/** How often the sessions' `jobName` is read while a connection monitors it. */
export const JOB_NAME_POLL_MS = 1000;

interface JobNameNotifier {
  /** Whether some connection monitors this variable (in any session). */
  monitors(scope: VariableScope, name: string): boolean;
  variableChanged(scope: VariableScope, identifier: string, name: string, jsonValue: string): void;
}

/**
 * A session's `jobName` changes as its foreground program does (iTerm2 follows it from its process cache and
 * notifies a `jobName` monitor): a pane created to run `bash` shows `/bin/sh` for the few ms before sh starts bash.
 * The sim has no event for that, so while a connection monitors `jobName` it reads every session's foreground
 * program once per `intervalMs` (node-pty: ~7 µs a session) and notifies what changed, a session's first reading
 * included (a client may have read the name while it was still the launcher's).
 */
export class JobNameWatch {
  private readonly last = new Map<string, string>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly sessions: () => Iterable<SimSession>,
    private readonly notifier: JobNameNotifier,
    intervalMs = JOB_NAME_POLL_MS,
  ) {
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  /** Reads every session's job once and notifies the changes (the timer calls it; tests may too). */
  poll(): void {
    if (!this.notifier.monitors(VariableScope.SESSION, 'jobName')) {
      this.last.clear();
      return;
    }
    const live = new Set<string>();
    for (const session of this.sessions()) {
      live.add(session.id);
      const name = session.jobName;
      if (this.last.get(session.id) === name) continue;
      this.last.set(session.id, name);
      this.notifier.variableChanged(VariableScope.SESSION, session.id, 'jobName', JSON.stringify(name));
    }
    for (const id of this.last.keys()) if (!live.has(id)) this.last.delete(id);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
