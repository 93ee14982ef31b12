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
  /** Core's attention item, when the notification is one: "go to pane" goes through `attention.goTo`. */
  itemId: string | null;
}

const MAX_BODY = 180;
const shorten = (text: string) => (text.length > MAX_BODY ? `${text.slice(0, MAX_BODY - 1)}…` : text);

/**
 * Which events deserve a native notification: core's attention items (waiting for input, error, hung,
 * finished, approval pending — already de-duplicated and rate-limited, and silenced by do-not-disturb
 * or a muted team), what agents tell the human, and watches that notify the human. Pure.
 */
export function attentionFor(event: SwitchboardEvent, before: FleetState): Attention | null {
  switch (event.type) {
    case 'attention.raised': {
      // Core decides what needs the person (de-duplicated, rate-limited, do-not-disturb, muted teams).
      const { item } = event;
      if (item.silenced !== null || item.status !== 'open') return null;
      return {
        key: `attention:${item.id}:${item.occurrences}`,
        title: item.title,
        body: shorten(item.body),
        critical: item.severity === 'critical',
        agentId: item.target ? item.agentId : null,
        approvalId: item.approvalId,
        itemId: item.id,
      };
    }
    case 'human.notified': {
      const { notification } = event;
      const from = notification.fromAgentId ? before.agents[notification.fromAgentId] : undefined;
      return {
        key: `notification:${notification.fromAgentId ?? 'host'}:${notification.level}:${notification.summary}`,
        title: from ? `${from.name}: ${notification.level}` : `Switchboard: ${notification.level}`,
        body: shorten(notification.summary),
        critical: notification.level === 'error' || notification.level === 'blocked',
        agentId: from?.paneId ? from.id : null,
        approvalId: null,
        itemId: null,
      };
    }
    case 'pane.matched': {
      if (event.notifyAgentId !== null) return null;
      const agent = event.agentId ? before.agents[event.agentId] : undefined;
      return {
        key: `match:${event.watchId}:${event.line}`,
        title: `${event.label ?? 'Watch matched'}${agent ? ` — ${agent.name}` : ''}`,
        body: shorten(event.line),
        critical: false,
        agentId: agent?.paneId ? agent.id : null,
        approvalId: null,
        itemId: null,
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

  constructor(
    private readonly windowMs = 60_000,
    private readonly burstLimit = 5,
  ) {}

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
