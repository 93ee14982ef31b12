import type { SwitchboardEvent } from '@switchboard/protocol';
import type { FleetState } from './fleet-state';

/** Something worth a native notification. `key` identifies the situation, for de-duplication. */
export interface Attention {
  key: string;
  title: string;
  body: string;
  /** Critical items also bounce the Dock until the app is focused. */
  critical: boolean;
  /** The pane "go to pane" focuses, if any. */
  agentId: string | null;
  /** Set for approval items: clicking opens the approval queue. */
  approvalId: string | null;
}

const MAX_BODY = 180;
const shorten = (text: string) => (text.length > MAX_BODY ? `${text.slice(0, MAX_BODY - 1)}…` : text);

/**
 * Which events need the person, given the state before the event (so an agent that stays in
 * `waiting_for_input` through a rename does not notify twice). Pure.
 */
export function attentionFor(event: SwitchboardEvent, before: FleetState): Attention | null {
  switch (event.type) {
    case 'approval.requested': {
      const { approval } = event;
      if (approval.status !== 'pending') return null;
      const requester = before.agents.get(approval.requester);
      return {
        key: `approval:${approval.id}`,
        title: `Approval needed${requester ? ` — ${requester.name}` : ''}`,
        body: shorten(approval.summary),
        critical: true,
        agentId: requester?.paneId ? requester.id : null,
        approvalId: approval.id,
      };
    }
    case 'agent.updated': {
      const { agent } = event;
      const previous = before.agents.get(agent.id)?.state;
      if (previous === agent.state) return null;
      const target = agent.paneId ? agent.id : null;
      if (agent.state === 'waiting_for_input') {
        return { key: `state:${agent.id}:waiting_for_input`, title: `${agent.name} is waiting for input`, body: 'Click to go to its pane.', critical: false, agentId: target, approvalId: null };
      }
      if (agent.state === 'error' || agent.state === 'hung') {
        const what = agent.state === 'hung' ? 'seems hung' : 'hit an error';
        return { key: `state:${agent.id}:${agent.state}`, title: `${agent.name} ${what}`, body: 'Click to go to its pane.', critical: true, agentId: target, approvalId: null };
      }
      return null;
    }
    case 'human.notified': {
      const { notification } = event;
      const from = notification.fromAgentId ? before.agents.get(notification.fromAgentId) : undefined;
      return {
        key: `notification:${notification.fromAgentId ?? 'host'}:${notification.level}:${notification.summary}`,
        title: from ? `${from.name}: ${notification.level}` : `Switchboard: ${notification.level}`,
        body: shorten(notification.summary),
        critical: notification.level === 'error' || notification.level === 'blocked',
        agentId: from?.paneId ? from.id : null,
        approvalId: null,
      };
    }
    case 'pane.matched': {
      if (event.notifyAgentId !== null) return null;
      const agent = event.agentId ? before.agents.get(event.agentId) : undefined;
      return {
        key: `match:${event.watchId}:${event.line}`,
        title: `${event.label ?? 'Watch matched'}${agent ? ` — ${agent.name}` : ''}`,
        body: shorten(event.line),
        critical: false,
        agentId: agent?.paneId ? agent.id : null,
        approvalId: null,
      };
    }
    default:
      return null;
  }
}

/**
 * Drops repeats: the same situation (`key`) is shown at most once per `windowMs`, and at most
 * `burstLimit` notifications per window overall (a fleet-wide storm becomes one summary). Time is
 * passed in, so the module is pure and tested without sleeping.
 */
export class NotificationDeduper {
  private readonly lastShown = new Map<string, number>();
  private recent: number[] = [];

  constructor(private readonly windowMs = 60_000, private readonly burstLimit = 5) {}

  /** 'show', 'suppress' (a repeat), or 'summarize' (too many different ones: show one "N more" instead). */
  decide(key: string, now: number): 'show' | 'suppress' | 'summarize' {
    const last = this.lastShown.get(key);
    if (last !== undefined && now - last < this.windowMs) return 'suppress';
    this.recent = this.recent.filter((at) => now - at < this.windowMs);
    this.lastShown.set(key, now);
    if (this.recent.length >= this.burstLimit) return 'summarize';
    this.recent.push(now);
    this.prune(now);
    return 'show';
  }

  /** Forget a situation once it is resolved (an agent left the state), so a recurrence notifies again. */
  forget(key: string): void {
    this.lastShown.delete(key);
  }

  private prune(now: number): void {
    if (this.lastShown.size < 1000) return;
    for (const [key, at] of this.lastShown) if (now - at >= this.windowMs) this.lastShown.delete(key);
  }
}

/** The Dock badge: the pending-approval count ('' hides it). */
export function dockBadge(pendingApprovals: number): string {
  if (pendingApprovals <= 0) return '';
  return pendingApprovals > 99 ? '99+' : String(pendingApprovals);
}
