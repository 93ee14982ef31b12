import { useEffect } from 'react';
import type { ViewName } from '../store/shell-store';
import { modalOpen, typingInto } from './typing-into';

/** How long `g` waits for the org chart (and its "needs you" lane) to show after switching to it. */
const WAIT_FRAMES = 60;

/**
 * `g` anywhere outside a text field: the org chart, focus on the first of "needs you" (then 1–9 reaches
 * any of the first nine: two key presses from anywhere). With nothing in the lane, the chart's own Tab stop.
 */
export function useNeedsYouShortcut(setView: (view: ViewName) => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.key !== 'g' ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        event.defaultPrevented ||
        typingInto(event.target)
      )
        return;
      if (modalOpen()) return;
      event.preventDefault();
      focusNeedsYou(setView);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [setView]);
}

let frame = 0;

/** Shows the org chart and focuses the first of "needs you" (the chart's Tab stop when nothing needs you). */
export function focusNeedsYou(setView: (view: ViewName) => void): void {
  setView('org');
  cancelAnimationFrame(frame);
  const focusLane = (framesLeft: number) => {
    const target =
      document.querySelector<HTMLElement>('[data-lane-index="0"]') ??
      document.querySelector<HTMLElement>('.org-chart [data-roving-id][tabindex="0"]');
    if (target) target.focus({ preventScroll: true });
    else if (framesLeft > 0) frame = requestAnimationFrame(() => focusLane(framesLeft - 1));
  };
  focusLane(WAIT_FRAMES);
}
