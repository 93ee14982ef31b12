import { useCallback, useMemo, useState } from 'react';
import { fleetCounters, type CounterName } from '../../health/fleet-counters';
import { filterRows, healthRows, sortRows, type HealthRow, type SortKey } from '../../health/health-rows';
import {
  COUNTER_NAMES,
  fleetOutputRate,
  messagesPerMinute,
  stateTimeline,
  withCurrentState,
} from '../../health/time-series';
import { loadQuotaUsage, touchesQuotas, withQuotaShares } from '../../health/quota-usage';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useFleet, useShell } from '../store-context';
import { FleetCounterBar } from './fleet-counter-bar';
import { HealthTable, type TableSort } from './health-table';
import { TimeChart, type ChartLine } from './time-chart';
import { useHealth, useHealthStore } from './use-health-store';
import { useNow } from './use-now';
import './dashboard.css';

const HOUR = 3_600_000;
const STEP = 30_000;
const MINUTE = 60_000;

const stateLines: readonly ChartLine<CounterName>[] = COUNTER_NAMES.map((name) => ({
  key: name,
  label: name,
  color: `var(--chart-${name})`,
  stepped: true,
}));
const outputLines: readonly ChartLine<'updates'>[] = [
  { key: 'updates', label: 'screen updates / 10 s', color: 'var(--accent)' },
];
const messageLines: readonly ChartLine<'messages'>[] = [
  { key: 'messages', label: 'messages / min', color: 'var(--chart-messages)' },
];

const NO_QUOTAS = {};
const last = (values: readonly number[]) => values[values.length - 1] ?? 0;

/** The health dashboard: fleet counters, three charts over the last hour, and a sortable, filterable table. */
export function DashboardView() {
  const fleet = useFleet((s) => s.fleet);
  const focusPane = useFleet((s) => s.focusPane);
  const notify = useFleet((s) => s.notify);
  const setView = useShell((s) => s.setView);
  const openAgent = useShell((s) => s.openAgent);
  const onOpen = useCallback((row: HealthRow) => openAgent(row.agentId), [openAgent]);
  const agentIds = useMemo(() => Object.keys(fleet.agents), [fleet.agents]);
  const store = useHealthStore(agentIds);
  const details = useHealth(store, (s) => s.details);
  const recovery = useHealth(store, (s) => s.recovery);
  const recoveryPaused = useHealth(store, (s) => s.recoveryPaused);
  const messageTimes = useHealth(store, (s) => s.messageTimes);
  const truncated = useHealth(store, (s) => s.messagesTruncated);
  const now = useNow();
  const quotas = useLiveQuery('fleet', loadQuotaUsage, touchesQuotas).data ?? NO_QUOTAS;
  const chartNow = Math.floor(now / STEP) * STEP;

  const [query, setQuery] = useState('');
  const [active, setActive] = useState<ReadonlySet<CounterName>>(() => new Set());
  const [sort, setSort] = useState<TableSort>({ key: 'state', direction: 'ascending' });

  const counters = useMemo(() => fleetCounters(Object.values(fleet.agents)), [fleet.agents]);
  const rows = useMemo(
    () =>
      sortRows(
        filterRows(withQuotaShares(healthRows(fleet, details, recovery, now), quotas), query, active),
        sort.key,
        sort.direction,
      ),
    [fleet, details, recovery, now, query, active, sort, quotas],
  );
  const timeline = useMemo(
    () =>
      stateTimeline(
        agentIds.map((id) => withCurrentState(details[id]?.transitions ?? [], fleet.agents[id])),
        chartNow - HOUR,
        now,
        STEP,
      ),
    [agentIds, details, fleet.agents, chartNow, now],
  );
  const output = useMemo(
    () =>
      fleetOutputRate(
        agentIds.map((id) => details[id]?.outputRate ?? null),
        chartNow - HOUR,
        chartNow,
      ),
    [agentIds, details, chartNow],
  );
  // Whole minutes only: the minute under way, drawn as one, dipped toward 0 at each minute's start ("messaging
  // stopped") however steadily messages flowed. It is told in the summary as "so far".
  const minuteStart = now - (now % MINUTE);
  const perMinute = useMemo(
    () => messagesPerMinute(messageTimes, chartNow - HOUR, minuteStart - 1),
    [messageTimes, chartNow, minuteStart],
  );
  const thisMinute = useMemo(
    () => messageTimes.filter((at) => at >= minuteStart && at <= now).length,
    [messageTimes, minuteStart, now],
  );

  const toggle = useCallback((name: CounterName) => {
    setActive((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  }, []);
  const onSort = useCallback((key: SortKey) => {
    setSort((current) => ({
      key,
      direction: current.key === key && current.direction === 'ascending' ? 'descending' : 'ascending',
    }));
  }, []);
  const onFocusPane = useCallback(
    (row: HealthRow) => {
      void focusPane(row.agentId).then((outcome) => {
        if (!outcome.ok)
          notify({
            tone: 'error',
            title: `Could not focus ${row.name}`,
            body: outcome.reason,
            agentId: null,
          });
      });
    },
    [focusPane, notify],
  );

  return (
    <section className="dashboard" aria-labelledby="dashboard-title" data-testid="dashboard">
      <div className="dashboard-head">
        <h2 id="dashboard-title">Fleet health</h2>
        <FleetCounterBar counters={counters} active={active} onToggle={toggle} />
        {recoveryPaused && (
          <span className="recovery-paused" role="status">
            Automatic recovery is paused fleet-wide
          </span>
        )}
      </div>
      <div className="dashboard-charts">
        <TimeChart
          title="Agents by state (last hour)"
          testId="chart-states"
          data={timeline}
          lines={stateLines}
          summary={`now: ${COUNTER_NAMES.map((name) => `${last(timeline.series[name])} ${name}`).join(', ')}`}
        />
        <TimeChart
          title="Output rate (screen updates per 10 s)"
          testId="chart-output"
          data={output}
          lines={outputLines}
          summary={`latest bucket: ${last(output.series.updates)} updates`}
        />
        <TimeChart
          title={`Messages per minute${truncated ? ' (newest 500)' : ''}`}
          testId="chart-messages"
          data={perMinute}
          lines={messageLines}
          summary={`last whole minute: ${last(perMinute.series.messages)}, this minute so far: ${thisMinute}, last hour: ${perMinute.series.messages.reduce((s, n) => s + n, 0) + thisMinute}`}
        />
      </div>
      <div className="dashboard-table panel">
        <div className="chart-toolbar">
          <input
            type="search"
            className="chart-search"
            placeholder="Filter: name, kind, role, team, state, output…"
            aria-label="Filter agents"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <span className="muted">
            {rows.length} of {counters.total} shown
          </span>
          <button type="button" className="link" onClick={() => setView('flow')}>
            Message flow →
          </button>
        </div>
        {counters.total === 0 ? (
          <p className="muted">No agents yet: spawn one on the org chart, or try the demo fleet there.</p>
        ) : rows.length === 0 ? (
          <p className="muted">No agent matches.</p>
        ) : (
          <HealthTable
            rows={rows}
            sort={sort}
            onSort={onSort}
            onFocusPane={onFocusPane}
            onOpen={onOpen}
            quotas={quotas}
          />
        )}
      </div>
    </section>
  );
}
