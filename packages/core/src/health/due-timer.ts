import type { Clock } from '../ports/clock';
import type { HealthTimings } from './evidence';
import { nextDueAt, type Watch } from './health-watch';

/**
 * Sets the watch's timer for the next moment when time alone can change its decision (`nextDueAt`: a
 * candidate state matures, output goes quiet, a verdict turns unsure, a hook goes stale). When it fires,
 * `decide` runs only if one of those moments has come since the timer was set. Output that kept flowing
 * moved the end of its window meanwhile: then nothing can have changed, and the timer is set again for the
 * new end without a decision (a printing pane's window "ended" every `outputRecentMs`: 0.7 decisions a second
 * per printing pane that could change nothing, 130 a second at 200 agents).
 */
export function scheduleDue(
  watch: Watch,
  now: number,
  timings: HealthTimings,
  clock: Clock,
  decide: () => void,
): void {
  const next = nextDueAt(watch, now, timings);
  if (next === undefined) return;
  if (watch.dueTimer && watch.dueTimer.at <= next && watch.dueTimer.at > now) return;
  watch.dueTimer?.cancel();
  const cancel = clock.setTimeout(() => {
    watch.dueTimer = undefined;
    const firedAt = clock.now();
    const due = nextDueAt(watch, now, timings);
    if (due !== undefined && due > firedAt) return scheduleDue(watch, firedAt, timings, clock, decide);
    decide();
  }, next - now);
  watch.dueTimer = { at: next, cancel };
}
