import type { SwitchboardEvent } from '@switchboard/protocol';
import { useLiveQuery } from './use-live-query';

/** Black or white, whichever reads better on `hex` (WCAG relative luminance), so the tab's title stays legible. */
export function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** Events that may change what the agent's pane shows: its own updates, its approvals and task, team changes. */
export function touchesTerminalStatus(event: SwitchboardEvent, agentId: string): boolean {
  if (event.type === 'agent.updated') return true;
  if (event.type.startsWith('approval.') || event.type === 'team.updated') return true;
  return event.type === 'agent.task_changed' && event.agentId === agentId;
}

/**
 * What the agent's pane shows in iTerm2 (terminal.status): its tab (title on the tab colour), its badge, and
 * Switchboard's status-bar components, as of the last change.
 */
export function TerminalStatusPanel({ agentId }: { agentId: string }) {
  const { data, problem } = useLiveQuery(
    agentId,
    (c) => c.call('terminal.status', { agent: agentId }),
    (event) => touchesTerminalStatus(event, agentId),
  );
  return (
    <section className="panel" aria-labelledby="terminal-status-heading">
      <h3 id="terminal-status-heading">In iTerm2</h3>
      <div data-testid="terminal-status" className="terminal-status">
        {data === null ? (
          <p className="muted">{problem ? `Not available: ${problem}` : 'Loading…'}</p>
        ) : (
          <>
            <div
              className="terminal-tab"
              data-tab-color={data.tabColor ?? 'none'}
              title={data.tabColor ? `Tab colour ${data.tabColor}` : 'No tab colour'}
              style={data.tabColor ? { backgroundColor: data.tabColor, color: textOn(data.tabColor) } : {}}
            >
              {data.title}
            </div>
            <pre className="terminal-badge" aria-label="Badge">
              {data.badge}
            </pre>
            <div className="terminal-status-bar" aria-label="Status bar">
              <span data-testid="terminal-status-bar">{data.statusBar || '—'}</span>
              <span className="muted">{data.fleetSummary}</span>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
