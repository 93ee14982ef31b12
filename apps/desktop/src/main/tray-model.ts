import {
  AgentState,
  pendingApprovals,
  type AgentState as AgentStateName,
  type CommandCall,
} from '@switchboard/protocol';
import type { FleetState } from './fleet-state';

/** What the menu-bar icon shows: all fine, someone waiting on the person, or something broken. */
export type TrayIconState = 'ok' | 'waiting' | 'error';

/** Something a menu item does; `main.ts` performs it (most become a contract call via `trayActionCall`). */
export type TrayAction =
  | { type: 'approve'; approvalId: string }
  | { type: 'deny'; approvalId: string }
  | { type: 'focus-pane'; agentId: string }
  | { type: 'restore-lost' }
  | { type: 'pause-recovery' }
  | { type: 'resume-recovery' }
  | { type: 'open-window' }
  | { type: 'open-approvals' }
  | { type: 'quit' };

export type TrayItem =
  | { kind: 'label'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'submenu'; label: string; items: TrayItem[] };

export interface TrayModel {
  icon: TrayIconState;
  /** Tooltip and accessible title: counts only, never a summary that could hold a secret. */
  tooltip: string;
  items: TrayItem[];
}

/** Which optional commands this build of the host has (issue 11's recovery controls may be absent). */
export interface TrayCapabilities {
  recoveryControls: boolean;
}

const ERROR_STATES: ReadonlySet<AgentStateName> = new Set(['error', 'hung', 'lost', 'unreachable']);
const STATE_LABELS: Record<AgentStateName, string> = {
  starting: 'Starting',
  working: 'Working',
  waiting_for_input: 'Waiting for input',
  idle: 'Idle',
  error: 'Error',
  exited: 'Exited',
  hung: 'Hung',
  lost: 'Lost',
  unreachable: 'Unreachable',
  unknown: 'Unknown',
};
/** Longest approval summary or agent name shown in a menu item. */
export const MAX_LABEL = 60;
/** Items listed per section before "and N more…". */
export const MAX_LISTED = 8;

export function trayIconState(state: FleetState): TrayIconState {
  const agents = Object.values(state.agents);
  if (state.hostProblem !== null || !state.backend.connected || agents.some((a) => ERROR_STATES.has(a.state)))
    return 'error';
  if (pendingApprovals(state).length > 0 || agents.some((a) => a.state === 'waiting_for_input'))
    return 'waiting';
  return 'ok';
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_LABEL ? `${line.slice(0, MAX_LABEL - 1)}…` : line;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The menu-bar menu as data: a pure function of fleet state, so every item is unit-tested. */
export function trayModel(state: FleetState, capabilities: TrayCapabilities): TrayModel {
  const agents = Object.values(state.agents).sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name),
  );
  const approvals = pendingApprovals(state);
  const waiting = agents.filter((a) => a.state === 'waiting_for_input');
  const items: TrayItem[] = [];

  if (state.hostProblem !== null)
    items.push({ kind: 'label', label: `Host problem: ${shorten(state.hostProblem)}` });
  items.push({ kind: 'label', label: agents.length === 0 ? 'No agents' : plural(agents.length, 'agent') });
  for (const name of AgentState.options) {
    const count = agents.filter((a) => a.state === name).length;
    if (count > 0) items.push({ kind: 'label', label: `  ${STATE_LABELS[name]}: ${count}` });
  }

  items.push({ kind: 'separator' });
  if (approvals.length === 0) items.push({ kind: 'label', label: 'No pending approvals' });
  else {
    items.push({ kind: 'label', label: `Pending approvals (${approvals.length})` });
    for (const approval of approvals.slice(0, MAX_LISTED)) {
      const requester = state.agents[approval.requester]?.name ?? approval.requester;
      items.push({
        kind: 'submenu',
        label: shorten(`${requester}: ${approval.summary}`),
        items: [
          {
            kind: 'action',
            label: 'Approve',
            action: { type: 'approve', approvalId: approval.id },
            enabled: true,
          },
          { kind: 'action', label: 'Deny', action: { type: 'deny', approvalId: approval.id }, enabled: true },
        ],
      });
    }
    if (approvals.length > MAX_LISTED)
      items.push({ kind: 'label', label: `and ${approvals.length - MAX_LISTED} more…` });
    items.push({
      kind: 'action',
      label: 'Open the approval queue',
      action: { type: 'open-approvals' },
      enabled: true,
    });
  }

  items.push({ kind: 'separator' });
  if (waiting.length === 0) items.push({ kind: 'label', label: 'Nobody is waiting for input' });
  else {
    items.push({ kind: 'label', label: `Waiting for input (${waiting.length})` });
    for (const agent of waiting.slice(0, MAX_LISTED)) {
      items.push({
        kind: 'action',
        label: `Go to ${shorten(agent.name)}`,
        action: { type: 'focus-pane', agentId: agent.id },
        enabled: agent.paneId !== null,
      });
    }
    if (waiting.length > MAX_LISTED)
      items.push({ kind: 'label', label: `and ${waiting.length - MAX_LISTED} more…` });
  }

  const lost = agents.filter((a) => a.state === 'lost').length;
  if (lost > 0) {
    items.push({ kind: 'separator' });
    // After iTerm2 quit or a reboot: one click brings the fleet back (fleet.restore, as `switchboard restore`).
    items.push({
      kind: 'action',
      label: `Restore ${plural(lost, 'lost agent')}`,
      action: { type: 'restore-lost' },
      enabled: true,
    });
  }

  items.push({ kind: 'separator' });
  if (!capabilities.recoveryControls)
    items.push({ kind: 'label', label: 'Automatic recovery: not in this build' });
  else if (state.recoveryPaused === true) {
    items.push({ kind: 'label', label: 'Automatic recovery is paused' });
    items.push({
      kind: 'action',
      label: 'Resume automatic recovery',
      action: { type: 'resume-recovery' },
      enabled: true,
    });
  } else
    items.push({
      kind: 'action',
      label: 'Pause automatic recovery',
      action: { type: 'pause-recovery' },
      enabled: true,
    });

  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: 'Open Switchboard', action: { type: 'open-window' }, enabled: true });
  items.push({ kind: 'action', label: 'Quit Switchboard', action: { type: 'quit' }, enabled: true });

  const icon = trayIconState(state);
  const parts = [plural(agents.length, 'agent')];
  if (approvals.length > 0) parts.push(plural(approvals.length, 'pending approval'));
  if (waiting.length > 0) parts.push(`${waiting.length} waiting`);
  if (!state.backend.connected) parts.push('terminal backend disconnected');
  else if (icon === 'error') parts.push('needs attention');
  return { icon, tooltip: `Switchboard — ${parts.join(', ')}`, items };
}

/** The contract call a menu action makes, or `undefined` for actions the shell does itself. */
export function trayActionCall(action: TrayAction): CommandCall | undefined {
  switch (action.type) {
    case 'approve':
    case 'deny':
      return {
        name: 'approval.decide',
        input: { decisions: [{ id: action.approvalId, verdict: action.type }] },
      };
    case 'focus-pane':
      return { name: 'pane.focus', input: { target: action.agentId } };
    case 'restore-lost':
      return { name: 'fleet.restore', input: {} };
    case 'pause-recovery':
      return { name: 'health.pause', input: {} };
    case 'resume-recovery':
      return { name: 'health.resume', input: {} };
    default:
      return undefined;
  }
}
