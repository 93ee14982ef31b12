import { useEffect, useMemo, useRef, useState } from 'react';
import type { CommandOutput } from '@switchboard/protocol';
import { callerName } from '../../store/selectors';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useFleet, useShell } from '../store-context';
import { BundleExport } from './bundle-export';
import { ReplayTerminal } from './replay-terminal';
import { ReplayTimeline } from './replay-timeline';
import { advance, clockOf, frameIndexAt, holeAt, holeWords, nextEvent, spanOf, SPEEDS } from './replay-model';
import { useReplayData } from './use-replay-data';
import { ProblemAlert } from '../problem-alert';
import './replay.css';

type Listed = CommandOutput<'recording.list'>;

/**
 * Replay: one agent's recording (or two side by side) in xterm.js, with colours as recorded, on a timeline
 * of the fleet's events for them (messages, approvals, states, locks, recovery); play/pause, speed, the
 * next event, and a jump to any event's moment; and the fleet's session for a range as one bundle.
 */
export function ReplayView() {
  const fleet = useFleet((s) => s.fleet);
  const focus = useShell((s) => s.replayFocus);
  const listed = useLiveQuery<Listed>(
    'recording.list',
    (client) => client.call('recording.list', {}),
    () => false,
  );
  const recorded = listed.data?.recordings ?? [];
  const [first, setFirst] = useState<string>(focus?.agentId ?? '');
  const [second, setSecond] = useState<string>('');
  useEffect(() => {
    if (focus) setFirst(focus.agentId);
  }, [focus]);
  useEffect(() => {
    if (!first && recorded[0]) setFirst(recorded[0].agentId);
  }, [first, recorded]);
  // An agent is not compared with itself: the second is cleared while it is the first (the agent picked, or opened
  // from a search hit, may be the one compared).
  const compared = second === first ? '' : second;
  const chosen = useMemo(() => [first, compared].filter(Boolean), [first, compared]);
  const data = useReplayData(chosen);
  const span = useMemo(
    () =>
      spanOf(
        data.lanes.map((lane) => lane.frames),
        data.events,
        data.lanes.flatMap((lane) => lane.unreadable),
      ),
    [data.lanes, data.events],
  );
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(4);
  const nameOf = (id: string) => callerName(fleet, id);

  // A new replay starts at its beginning, or at the moment it was opened for.
  useEffect(() => {
    if (!span) return;
    setPlaying(false);
    setAt(focus && focus.at >= span.from && focus.at <= span.to ? focus.at : span.from);
  }, [span, focus]);

  const lastTick = useRef(0);
  useEffect(() => {
    if (!playing || !span) return;
    lastTick.current = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = now - lastTick.current;
      lastTick.current = now;
      setAt((before) => {
        const next = advance(before, elapsed, speed, span.to);
        if (next >= span.to) setPlaying(false);
        return next;
      });
    }, 100);
    return () => clearInterval(timer);
  }, [playing, speed, span]);

  const upcoming = nextEvent(data.events, at);
  const optionsOf = (agents: Listed['recordings']) =>
    agents.map((r) => (
      <option key={r.agentId} value={r.agentId}>
        {nameOf(r.agentId)}
      </option>
    ));

  return (
    <div className="replay-view">
      <section className="replay-main" aria-labelledby="replay-title">
        <h2 id="replay-title">Replay</h2>
        {listed.data && !listed.data.enabled && (
          <p className="muted" role="status">
            Recording is off on this host (SWITCHBOARD_RECORDINGS=off): only what was recorded before can be
            replayed.
          </p>
        )}
        <div className="replay-pick">
          <label>
            Agent
            <select value={first} onChange={(e) => setFirst(e.target.value)}>
              {!first && <option value="">Choose an agent</option>}
              {optionsOf(recorded)}
            </select>
          </label>
          <label>
            Compare with
            <select value={compared} onChange={(e) => setSecond(e.target.value)}>
              <option value="">Nobody</option>
              {optionsOf(recorded.filter((r) => r.agentId !== first))}
            </select>
          </label>
        </div>
        <ProblemAlert problem={listed.problem ?? data.problem} />
        {listed.data && recorded.length === 0 ? (
          <p className="muted">Nothing is recorded yet: agents' screens are recorded as they change.</p>
        ) : data.loading || !span ? (
          <p className="muted">{chosen.length ? 'Loading the recording…' : 'Choose an agent to replay.'}</p>
        ) : (
          <>
            <div className="replay-controls" role="group" aria-label="Playback">
              <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
                {playing ? 'Pause' : 'Play'}
              </button>
              <label>
                Speed
                <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
                  {SPEEDS.map((s) => (
                    <option key={s} value={s}>
                      {s}×
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" disabled={!upcoming} onClick={() => upcoming && setAt(upcoming.at)}>
                Next event
              </button>
              <span className="replay-clock" data-testid="replay-time" aria-live="off">
                {clockOf(at)}
              </span>
            </div>
            <ReplayTimeline
              span={span}
              at={at}
              events={data.events}
              agentIds={chosen}
              holes={new Map(data.lanes.map((lane) => [lane.agentId, lane.unreadable]))}
              nameOf={nameOf}
              onSeek={(moment) => setAt(moment)}
            />
            {data.moreEvents && (
              <p className="muted">More events than shown: the oldest 5,000 are on the timeline.</p>
            )}
            <div className="replay-screens">
              {data.lanes.map((lane) => {
                const index = frameIndexAt(lane.frames, at);
                const frame = lane.frames[index];
                const hole = holeAt(lane.unreadable, at);
                return (
                  <figure
                    key={lane.agentId}
                    className={hole ? 'replay-lane in-hole' : 'replay-lane'}
                    data-agent={nameOf(lane.agentId)}
                  >
                    <figcaption>
                      <strong>{nameOf(lane.agentId)}</strong>{' '}
                      <span className="muted">
                        {hole
                          ? `${holeWords(hole)} here (a damaged or missing recording chunk)${frame ? `; the screen of ${clockOf(frame.at)}` : ''}`
                          : frame
                            ? `screen of ${clockOf(frame.at)}`
                            : 'not recorded yet at this moment'}
                        {!hole && lane.unreadable.length > 0
                          ? ` · ${lane.unreadable.length} part${lane.unreadable.length > 1 ? 's' : ''} could not be read`
                          : ''}
                        {lane.cut ? ' · the recording is longer than a replay loads' : ''}
                        {lane.droppedUntil
                          ? ` · dropped before ${clockOf(Date.parse(lane.droppedUntil))}`
                          : ''}
                      </span>
                    </figcaption>
                    <ReplayTerminal
                      lane={lane}
                      index={index}
                      label={`${nameOf(lane.agentId)}'s recorded screen`}
                    />
                  </figure>
                );
              })}
            </div>
          </>
        )}
        <BundleExport span={span} />
      </section>
    </div>
  );
}
