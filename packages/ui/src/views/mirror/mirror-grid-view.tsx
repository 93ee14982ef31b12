import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Agent } from '@switchboard/protocol';
import {
  fitGrid,
  gridAgents,
  MAX_GRID_TILES,
  mirrorableAgents,
  toggleGridAgent,
} from '../../mirror/grid-choice';
import { AgentStateLabel } from '../org-chart/agent-state-label';
import { useFleet, useShell } from '../store-context';
import { CopyButton } from './copy-button';
import { mirrorStatusText, useMirrorTerminal } from './use-mirror-terminal';

/** The largest font a tile's terminal gets, however much room there is. */
const TILE_MAX_FONT_SIZE = 22;
/** The grid's height when the window leaves it less (it scrolls then). */
const MIN_GRID_HEIGHT = 360;
/** A pane's size until its mirror says. */
const USUAL_PANE = { columns: 80, rows: 24 };

/**
 * The room the grid has (its width, the window's height below its top) and the largest pane shown: the grid's
 * columns and the font its tiles may grow to, so each pane fills its tile's width and the grid fits the window.
 */
function useGridFit(tiles: number) {
  const grid = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState({ width: 1200, height: 800 });
  const [sizes, setSizes] = useState<Record<string, { columns: number; rows: number }>>({});
  useEffect(() => {
    const element = grid.current;
    if (!element) return;
    const measure = () =>
      setRoom({
        width: element.clientWidth,
        height: Math.max(MIN_GRID_HEIGHT, window.innerHeight - element.getBoundingClientRect().top - 12),
      });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [tiles]);
  const onSize = useCallback(
    (agentId: string, columns: number, rows: number) =>
      setSizes((before) =>
        before[agentId]?.columns === columns && before[agentId]?.rows === rows
          ? before
          : { ...before, [agentId]: { columns, rows } },
      ),
    [],
  );
  const known = Object.values(sizes);
  const pane = known.length
    ? {
        columns: Math.max(...known.map((s) => s.columns)),
        rows: Math.max(...known.map((s) => s.rows)),
      }
    : USUAL_PANE;
  const fit = fitGrid(tiles, pane, room);
  return { grid, onSize, columns: fit.columns, maxFontSize: Math.min(TILE_MAX_FONT_SIZE, fit.fontSize) };
}

/**
 * Live mirrors of up to nine agents side by side (read-only, fitted to their tiles); pick which below the heading.
 * The columns follow the panes' shape (fitGrid): each pane as large as it can be, whole, in the window.
 */
export function MirrorGridView() {
  const agents = useFleet((s) => s.fleet.agents);
  const chosen = useShell((s) => s.gridAgentIds);
  const setGridAgents = useShell((s) => s.setGridAgents);
  const all = useMemo(() => Object.values(agents), [agents]);
  const candidates = useMemo(() => mirrorableAgents(all), [all]);
  const shown = useMemo(() => gridAgents(all, chosen), [all, chosen]);
  const shownIds = shown.map((agent) => agent.id);
  const full = shown.length >= MAX_GRID_TILES;
  const { grid, onSize, columns, maxFontSize } = useGridFit(shown.length);

  return (
    <div className="mirror-grid-view">
      <section className="panel grid-picker" aria-labelledby="grid-heading">
        <h2 id="grid-heading">Terminals</h2>
        <details>
          <summary>
            Choose agents ({shown.length} of at most {MAX_GRID_TILES} shown)
          </summary>
          {candidates.length === 0 ? (
            <p className="muted">No agent has a pane yet.</p>
          ) : (
            <fieldset className="grid-choices">
              <legend className="visually-hidden">Agents in the grid</legend>
              {candidates.map((agent) => {
                const ticked = shownIds.includes(agent.id);
                return (
                  <label key={agent.id} className="inline-label">
                    <input
                      type="checkbox"
                      checked={ticked}
                      disabled={!ticked && full}
                      onChange={() => setGridAgents(toggleGridAgent(shownIds, agent.id))}
                    />
                    {agent.name} <span className="muted">({agent.state.replaceAll('_', ' ')})</span>
                  </label>
                );
              })}
              {full && <p className="muted grid-full">Nine at most: untick one to show another.</p>}
            </fieldset>
          )}
        </details>
      </section>
      {shown.length === 0 ? (
        <p className="muted" data-testid="grid-empty">
          {candidates.length === 0
            ? 'No agent has a pane yet: spawn one on the org chart, or try the demo fleet there.'
            : 'Nothing to show: tick agents above.'}
        </p>
      ) : (
        <div
          ref={grid}
          className="mirror-grid"
          style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
          data-testid="mirror-grid"
        >
          {shown.map((agent) => (
            <MirrorTile key={agent.id} agent={agent} maxFontSize={maxFontSize} onSize={onSize} />
          ))}
        </div>
      )}
    </div>
  );
}

function MirrorTile({
  agent,
  maxFontSize,
  onSize,
}: {
  agent: Agent;
  maxFontSize: number;
  onSize(agentId: string, columns: number, rows: number): void;
}) {
  const openAgent = useShell((s) => s.openAgent);
  const { host, status, copyText } = useMirrorTerminal({
    paneId: agent.paneId!,
    label: `${agent.name}'s terminal (read-only)`,
    interactive: false,
    fit: true,
    maxFontSize,
    onSize: (columns, rows) => onSize(agent.id, columns, rows),
  });
  const headingId = `tile-${agent.id}`;
  return (
    <section
      className="panel mirror-tile"
      aria-labelledby={headingId}
      data-testid="mirror-tile"
      data-agent={agent.name}
    >
      <header className="mirror-tile-head">
        <h3 id={headingId}>{agent.name}</h3>
        <AgentStateLabel state={agent.state} />
        <span className={`mirror-status mirror-${status.kind}`}>{mirrorStatusText(status)}</span>
        <span className="mirror-tile-actions">
          <CopyButton text={copyText} what={`${agent.name}'s screen`} />
          <button
            type="button"
            className="secondary"
            onClick={() => openAgent(agent.id)}
            aria-label={`Open ${agent.name}'s details`}
          >
            Open
          </button>
        </span>
      </header>
      <div ref={host} className="mirror-terminal" data-testid="mirror" />
    </section>
  );
}
