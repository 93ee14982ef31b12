import type { ViewName } from '../store/shell-store';
import { useBareKey } from './bare-key';
import { modalOpen, typingInto } from './typing-into';

/** How long `g` waits for the org chart (and its "needs you" lane) to show after switching to it. */
const WAIT_FRAMES = 60;

/**
 * `g` anywhere outside a text field: the org chart, focus on the first of "needs you" (then 1–9 reaches
 * any of the first nine: two key presses from anywhere). With nothing in the lane, the chart's own Tab stop.
 */
export function useNeedsYouShortcut(setView: (view: ViewName) => void): void {
  useBareKey('g', () => focusNeedsYou(setView));
}

let frame = 0;
let stopHolding: (() => void) | undefined;

/**
 * Shows the org chart and focuses the first of "needs you" (the chart's Tab stop when nothing needs you).
 * A digit typed before the lane is drawn (g then 2 at once, the chart still coming) is not lost: it picks
 * the item the focus lands on, as it would have once there.
 */
export function focusNeedsYou(setView: (view: ViewName) => void): void {
  setView('org');
  cancelAnimationFrame(frame);
  stopHolding?.();
  let index = 0;
  const holdDigit = (event: KeyboardEvent) => {
    if (!/^[1-9]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typingInto(event.target) || modalOpen()) return;
    index = Number(event.key) - 1;
    event.preventDefault();
    event.stopPropagation();
  };
  document.addEventListener('keydown', holdDigit, true);
  const done = () => {
    document.removeEventListener('keydown', holdDigit, true);
    stopHolding = undefined;
  };
  stopHolding = done;
  const focusLane = (framesLeft: number) => {
    const lane = document.querySelector<HTMLElement>('[data-lane-index="0"]');
    const target = lane
      ? (document.querySelector<HTMLElement>(`[data-lane-index="${index}"]`) ?? lane)
      : document.querySelector<HTMLElement>('.org-chart [data-roving-id][tabindex="0"]');
    if (target) {
      done();
      target.focus({ preventScroll: true });
    } else if (framesLeft > 0) frame = requestAnimationFrame(() => focusLane(framesLeft - 1));
    else done();
  };
  focusLane(WAIT_FRAMES);
}
