import { useEffect, useRef } from 'react';
import type { TimelineEvent } from '@switchboard/protocol';
import { clockOf, frameIndexAt, holeWords, KIND_LABELS, percentOf } from './replay-model';
import type { Hole } from './use-replay-data';

/** At most this many markers per lane on the bar (the list below has every event). */
const MAX_MARKERS = 400;

/**
 * The span of the replay as a slider (keyboard: arrows, Page Up/Down), one bar per agent with its events
 * as markers and the spans its recording could not be read back as a hatched band (a hole is never a quiet pane),
 * and the list of events, each a button that jumps to its moment.
 */
export function ReplayTimeline({
  span,
  at,
  events,
  agentIds,
  holes,
  nameOf,
  onSeek,
}: {
  span: { from: number; to: number };
  at: number;
  events: readonly TimelineEvent[];
  agentIds: readonly string[];
  /** Per agent, the spans whose frames could not be read. */
  holes: ReadonlyMap<string, readonly Hole[]>;
  nameOf(id: string): string;
  onSeek(at: number): void;
}) {
  const playhead = `${percentOf(at, span)}%`;
  // The latest event at or before the clock: marked, and kept in sight in the list as the replay plays or steps.
  const current = frameIndexAt(events, at);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const box = list.current;
    const item = current < 0 ? undefined : (box?.children[current] as HTMLElement | undefined);
    if (!box || !item) return;
    // Scrolls the list alone (scrollIntoView would move the page too).
    if (item.offsetTop < box.scrollTop) box.scrollTop = item.offsetTop;
    else if (item.offsetTop + item.offsetHeight > box.scrollTop + box.clientHeight)
      box.scrollTop = item.offsetTop + item.offsetHeight - box.clientHeight;
  }, [current]);
  return (
    <div className="replay-timeline">
      <input
        type="range"
        className="replay-slider"
        aria-label="Replay position"
        aria-valuetext={clockOf(at)}
        min={span.from}
        max={Math.max(span.to, span.from + 1)}
        step={100}
        value={Math.round(at)}
        onChange={(e) => onSeek(Number(e.target.value))}
      />
      <div className="replay-lanes" aria-hidden="true">
        {agentIds.map((agentId) => (
          <div key={agentId} className="replay-bar">
            <span className="replay-bar-name">{nameOf(agentId)}</span>
            <div className="replay-bar-track">
              {(holes.get(agentId) ?? []).map((hole) => (
                <span
                  key={hole.from}
                  className="replay-unreadable"
                  data-testid="replay-unreadable"
                  style={{
                    left: `${percentOf(hole.from, span)}%`,
                    width: `${percentOf(hole.to, span) - percentOf(hole.from, span)}%`,
                  }}
                  title={`${clockOf(hole.from)}–${clockOf(hole.to)} ${holeWords(hole)}`}
                />
              ))}
              {events
                .filter((event) => event.agentId === agentId)
                .slice(0, MAX_MARKERS)
                .map((event, i) => (
                  <span
                    key={i}
                    className={`replay-marker kind-${event.kind.replace('.', '-')}`}
                    style={{ left: `${percentOf(event.at, span)}%` }}
                    title={`${clockOf(event.at)} ${KIND_LABELS[event.kind]}: ${event.summary}`}
                  />
                ))}
              <span className="replay-playhead" style={{ left: playhead }} />
            </div>
          </div>
        ))}
      </div>
      <ol className="replay-events" aria-label="Events on the timeline" ref={list}>
        {events.map((event, i) => (
          <li
            key={i}
            className={i === current ? 'past current' : event.at <= at ? 'past' : undefined}
            aria-current={i === current ? 'true' : undefined}
            data-kind={event.kind}
            data-testid="replay-event"
          >
            <button type="button" onClick={() => onSeek(event.at)}>
              <time dateTime={new Date(event.at).toISOString()}>{clockOf(event.at)}</time>{' '}
              <strong>{nameOf(event.agentId)}</strong> {KIND_LABELS[event.kind]}
            </button>{' '}
            <span className="replay-event-summary">{event.summary}</span>
          </li>
        ))}
        {events.length === 0 && <li className="muted">No fleet events for these agents in the recording.</li>}
      </ol>
    </div>
  );
}
