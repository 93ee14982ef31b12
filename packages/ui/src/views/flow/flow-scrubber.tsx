import { useState } from 'react';
import { windowSince, type FlowWindow } from '../../flow/flow-edges';

const STEPS = 120;
/** "All" has no start: the scrubber then spans the last day. */
const ALL_SPAN_MS = 24 * 60 * 60_000;

/**
 * A time scrubber over the window: drag it back to see the graph as the traffic stood then (message.flow
 * up to that time), "Live" to follow the fleet again. The span is fixed when replay starts.
 */
export function FlowScrubber({
  window,
  until,
  onChange,
}: {
  window: FlowWindow;
  until: string | null;
  onChange(until: string | null): void;
}) {
  const [span, setSpan] = useState<{ start: number; end: number } | null>(null);
  const current = span ?? spanOf(window, Date.now());
  const value =
    until === null
      ? STEPS
      : Math.round(((Date.parse(until) - current.start) / (current.end - current.start)) * STEPS);
  const pick = (step: number) => {
    if (step >= STEPS) {
      setSpan(null);
      onChange(null);
      return;
    }
    const fixed = span ?? current;
    setSpan(fixed);
    onChange(new Date(fixed.start + ((fixed.end - fixed.start) * step) / STEPS).toISOString());
  };
  return (
    <div className="flow-scrubber">
      <label>
        <span>{until === null ? 'Live' : `Replay up to ${new Date(until).toLocaleTimeString()}`}</span>
        <input
          type="range"
          min={0}
          max={STEPS}
          value={value}
          onChange={(e) => pick(Number(e.target.value))}
          aria-valuetext={until === null ? 'live' : new Date(until).toLocaleTimeString()}
        />
      </label>
      {until !== null && (
        <button type="button" className="secondary" onClick={() => pick(STEPS)}>
          Live
        </button>
      )}
    </div>
  );
}

function spanOf(window: FlowWindow, now: number): { start: number; end: number } {
  const since = windowSince(window, now);
  return { start: since === undefined ? now - ALL_SPAN_MS : Date.parse(since), end: now };
}
