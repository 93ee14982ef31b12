import { formatAge, lastOutputText } from '../../health/format-age';
import type { QuotaUsage } from '@switchboard/protocol';
import type { HealthRow, SortDirection, SortKey } from '../../health/health-rows';
import { AgentStateLabel } from '../org-chart/agent-state-label';
import { ClosestQuota } from '../quota/quota-meters';

/** `narrow`: dropped below 720 px wide (the row keeps what says whether the agent is fine: state, output, recovery, quota). */
const COLUMNS: readonly { key: SortKey | null; label: string; narrow?: 'hide' }[] = [
  { key: 'name', label: 'Agent' },
  { key: 'state', label: 'State' },
  { key: 'timeInState', label: 'In state' },
  { key: 'lastOutput', label: 'Last output' },
  { key: 'heartbeat', label: 'Heartbeat', narrow: 'hide' },
  { key: 'recoveries', label: 'Recovery' },
  { key: null, label: 'Breaker', narrow: 'hide' },
  { key: 'quota', label: 'Quota' },
  { key: null, label: 'Pane' },
];

export interface TableSort {
  key: SortKey;
  direction: SortDirection;
}

/** Every agent's health, one row each; headers sort, the name opens the agent's detail (live mirror), "Focus pane" brings its pane to the front. */
export function HealthTable({
  rows,
  sort,
  onSort,
  onFocusPane,
  onOpen,
  quotas,
}: {
  rows: readonly HealthRow[];
  /** Each agent's quota usage by id (quota.usage); an agent not in it shows a dash. */
  quotas: Readonly<Record<string, QuotaUsage>>;
  sort: TableSort;
  onSort(key: SortKey): void;
  onFocusPane(row: HealthRow): void;
  onOpen(row: HealthRow): void;
}) {
  return (
    <table className="health-table" data-testid="health-table">
      <caption className="visually-hidden">
        Agent health, sorted by {sort.key} ({sort.direction})
      </caption>
      <thead>
        <tr>
          {COLUMNS.map(({ key, label, narrow }) => (
            <th
              key={label}
              scope="col"
              className={narrow ? 'narrow-hide' : undefined}
              aria-sort={key && key === sort.key ? sort.direction : undefined}
            >
              {key ? (
                <button type="button" className="link sort-button" onClick={() => onSort(key)}>
                  {label}
                  <span aria-hidden="true">
                    {key === sort.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              ) : (
                label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.agentId}
            data-agent={row.name}
            data-state={row.state}
            className={`health-row counter-row-${row.counter}`}
          >
            <th scope="row">
              <button
                type="button"
                className="link agent-name"
                onClick={() => onOpen(row)}
                aria-label={`${row.name}: open details`}
              >
                {row.name}
              </button>
              <div className="muted row-meta">
                {row.kind} · {row.role}
                {row.team ? ` · ${row.team}` : ''}
              </div>
            </th>
            <td>
              <AgentStateLabel state={row.state} />
              {row.confidence === 'low' && (
                <span className="muted low-confidence" title="one heuristic alone decided">
                  {' '}
                  (low confidence)
                </span>
              )}
            </td>
            <td className="number">{formatAge(row.timeInStateMs)}</td>
            <td className="last-output">
              <span className="number">{lastOutputText(row)}</span>
              {row.lastLine && (
                <code className="last-line" title={row.lastLine}>
                  {row.lastLine}
                </code>
              )}
            </td>
            <td
              className="number narrow-hide"
              title={row.heartbeatSource ? `from ${row.heartbeatSource}` : undefined}
            >
              {row.heartbeatAgeMs === null ? '—' : `${formatAge(row.heartbeatAgeMs)} ago`}
            </td>
            <td className="recovery-cell">
              {row.recoveries === null
                ? '—'
                : row.recoveries === 0 && !row.recovering
                  ? 'none'
                  : `${row.recoveries} tried`}
              {row.lastRecovery && <div className="muted">last: {row.lastRecovery}</div>}
              {row.recovering && <div className="recovering">now: {row.recovering}</div>}
            </td>
            <td className={row.breaker ? `breaker breaker-${row.breaker} narrow-hide` : 'narrow-hide'}>
              {row.breaker ?? '—'}
            </td>
            <td>
              <ClosestQuota usage={quotas[row.agentId]} />
            </td>
            <td>
              <button
                type="button"
                className="secondary small"
                disabled={!row.paneId}
                onClick={() => onFocusPane(row)}
                aria-label={`Focus pane: ${row.name}`}
              >
                Focus pane
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
