import { useMemo } from 'react';
import type { Agent } from '@switchboard/protocol';
import {
  gridAgents,
  gridColumns,
  MAX_GRID_TILES,
  mirrorableAgents,
  toggleGridAgent,
} from '../../mirror/grid-choice';
import { AgentStateLabel } from '../org-chart/agent-state-label';
import { useFleet, useShell } from '../store-context';
import { CopyButton } from './copy-button';
import { mirrorStatusText, useMirrorTerminal } from './use-mirror-terminal';

/** Tiles fit their pane's width up to this font size, so a narrow pane's tile does not grow tall. */
const TILE_MAX_FONT_SIZE = 14;

/** Live mirrors of up to nine agents side by side (read-only, fitted to their tiles); pick which below the heading. */
export function MirrorGridView() {
  const agents = useFleet((s) => s.fleet.agents);
  const chosen = useShell((s) => s.gridAgentIds);
  const setGridAgents = useShell((s) => s.setGridAgents);
  const all = useMemo(() => Object.values(agents), [agents]);
  const candidates = useMemo(() => mirrorableAgents(all), [all]);
  const shown = useMemo(() => gridAgents(all, chosen), [all, chosen]);
  const shownIds = shown.map((agent) => agent.id);
  const full = shown.length >= MAX_GRID_TILES;

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
        <p className="muted">Nothing to show: tick agents above.</p>
      ) : (
        <div
          className="mirror-grid"
          style={{ gridTemplateColumns: `repeat(${gridColumns(shown.length)}, minmax(0, 1fr))` }}
          data-testid="mirror-grid"
        >
          {shown.map((agent) => (
            <MirrorTile key={agent.id} agent={agent} />
          ))}
        </div>
      )}
    </div>
  );
}

function MirrorTile({ agent }: { agent: Agent }) {
  const openAgent = useShell((s) => s.openAgent);
  const { host, status, copyText } = useMirrorTerminal({
    paneId: agent.paneId!,
    label: `${agent.name}'s terminal (read-only)`,
    interactive: false,
    fit: true,
    maxFontSize: TILE_MAX_FONT_SIZE,
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
