import type { AgentState } from '@switchboard/protocol';
import type { PaneStatusLine } from '../ports/terminal-backend';

/** Fleet-summary order: what needs the person first. */
const SUMMARY_ORDER: readonly AgentState[] = [
  'waiting_for_input',
  'error',
  'hung',
  'working',
  'starting',
  'idle',
  'exited',
  'lost',
  'unreachable',
  'unknown',
];
const SHORT_STATE: Partial<Record<AgentState, string>> = { waiting_for_input: 'waiting' };

/** "42s", "3m", "2h 5m", "3d 4h". */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A pane's component text, longest first (iTerm2 shows the longest variant that fits). */
export function agentStatusVariants(line: PaneStatusLine, now: number): string[] {
  const state = line.state.replaceAll('_', ' ');
  const time = durationText(now - Date.parse(line.since));
  const approvals = line.approvals > 0 ? ` · ${plural(line.approvals, 'approval')}` : '';
  return [`${state} · ${time}${approvals}`, `${state} · ${time}`, SHORT_STATE[line.state] ?? state];
}

/** "12 working · 2 waiting · 1 approval": agents by state, what needs the person first, then pending approvals. */
export function fleetSummaryText(lines: Iterable<PaneStatusLine>): string {
  const counts = new Map<AgentState, number>();
  let approvals = 0;
  for (const line of lines) {
    counts.set(line.state, (counts.get(line.state) ?? 0) + 1);
    approvals += line.approvals;
  }
  const parts = SUMMARY_ORDER.filter((s) => counts.has(s)).map(
    (s) => `${counts.get(s)} ${SHORT_STATE[s] ?? s.replaceAll('_', ' ')}`,
  );
  if (approvals > 0) parts.push(plural(approvals, 'approval'));
  return parts.length ? parts.join(' · ') : 'no agents';
}
