import { create } from '@bufbuild/protobuf';
import {
  GetPromptResponse_State,
  NotificationType,
  PromptMonitorMode,
  PromptNotificationSchema,
  VariableScope,
  type BroadcastDomain,
  type FocusChangedNotification,
} from '../gen/api_pb';
import type { AppModel } from './app-model';
import type { ModelObserver } from './model-types';
import type { SimConnection } from './connection';
import { promptResponse, type PromptEvent } from './prompts';
import { LayoutNotificationEncoder } from './layout-notification';

export interface NotifierOptions {
  /** Minimum gap between two screen-update notifications of one session (iTerm2 coalesces at display refresh). */
  screenUpdateIntervalMs: number;
}

/**
 * Fans model events out to subscribed connections with iTerm2's ordering: NewSession immediately
 * (so before the create/split response), layout changes coalesced to one per event-loop turn and sent
 * after the response, focus changes after any pending layout change, screen updates coalesced.
 * While a transaction holds the main loop, the coalesced ones wait for it to end.
 */
export class Notifier implements ModelObserver {
  readonly connections = new Set<SimConnection>();
  model: AppModel | undefined;
  private layoutPending = false;
  private readonly focusPending: FocusChangedNotification[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  /** Pending screen-update sends per session, as cancel functions. */
  private readonly screenTimers = new Map<string, () => void>();
  private readonly lastScreenUpdate = new Map<string, number>();
  private held = false;
  private closed = false;
  private readonly layouts = new LayoutNotificationEncoder();

  constructor(private readonly options: NotifierOptions) {}

  /** Holds the coalesced notifications (transaction in progress) or releases them. */
  hold(held: boolean): void {
    this.held = held;
    if (!held) this.scheduleFlush();
  }

  // ---- ModelObserver ------------------------------------------------------------------------

  sessionCreated(sessionId: string): void {
    for (const c of this.connections) c.adoptSession(sessionId);
    for (const c of this.subscribedTo(NotificationType.NOTIFY_ON_NEW_SESSION)) {
      c.notify((n) => (n.newSessionNotification = { $typeName: 'iterm2.NewSessionNotification', sessionId }));
    }
  }

  sessionTerminated(sessionId: string): void {
    for (const c of this.subscribedTo(NotificationType.NOTIFY_ON_TERMINATE_SESSION)) {
      c.notify(
        (n) =>
          (n.terminateSessionNotification = { $typeName: 'iterm2.TerminateSessionNotification', sessionId }),
      );
    }
    if (!this.model?.sessions.has(sessionId)) {
      for (const c of this.connections) c.forgetSession(sessionId);
      this.screenTimers.get(sessionId)?.();
      this.screenTimers.delete(sessionId);
      this.lastScreenUpdate.delete(sessionId);
    }
  }

  layoutChanged(): void {
    this.layoutPending = true;
    this.scheduleFlush();
  }

  focusChanged(events: FocusChangedNotification[]): void {
    this.focusPending.push(...events);
    this.scheduleFlush();
  }

  screenChanged(sessionId: string): void {
    if (this.closed || this.screenTimers.has(sessionId)) return;
    const wait =
      (this.lastScreenUpdate.get(sessionId) ?? -Infinity) +
      this.options.screenUpdateIntervalMs -
      performance.now();
    const fire = () => {
      this.screenTimers.delete(sessionId);
      this.lastScreenUpdate.set(sessionId, performance.now());
      for (const c of this.connections) {
        if (c.sessionSubscription(NotificationType.NOTIFY_ON_SCREEN_UPDATE, sessionId)) {
          c.notify(
            (n) =>
              (n.screenUpdateNotification = {
                $typeName: 'iterm2.ScreenUpdateNotification',
                session: sessionId,
              }),
          );
        }
      }
    };
    if (wait > 0) {
      const timer = setTimeout(fire, wait);
      this.screenTimers.set(sessionId, () => clearTimeout(timer));
    } else {
      const immediate = setImmediate(fire);
      this.screenTimers.set(sessionId, () => clearImmediate(immediate));
    }
  }

  customEscape(sessionId: string, identity: string | undefined, payload: string): void {
    for (const c of this.connections) {
      if (!c.sessionSubscription(NotificationType.NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE, sessionId)) continue;
      c.notify((n) => {
        n.customEscapeSequenceNotification = {
          $typeName: 'iterm2.CustomEscapeSequenceNotification',
          session: sessionId,
          senderIdentity: '',
          payload,
        };
        if (identity === undefined)
          delete (n.customEscapeSequenceNotification as { senderIdentity?: string }).senderIdentity;
        else n.customEscapeSequenceNotification.senderIdentity = identity;
      });
    }
  }

  /** Whether some connection monitors variable `name` of `scope` (in any session, window or tab). */
  monitors(scope: VariableScope, name: string): boolean {
    for (const c of this.connections)
      if (c.variableMonitors.some((m) => m.scope === scope && m.name === name)) return true;
    return false;
  }

  variableChanged(scope: VariableScope, identifier: string, name: string, jsonValue: string): void {
    for (const c of this.connections) {
      const match = c.variableMonitors.some(
        (m) =>
          m.scope === scope &&
          m.name === name &&
          (m.identifier === identifier || m.identifier === 'all' || scope === VariableScope.APP),
      );
      if (!match) continue;
      c.notify((n) => {
        n.variableChangedNotification = {
          $typeName: 'iterm2.VariableChangedNotification',
          scope,
          identifier,
          name,
          jsonNewValue: jsonValue,
        };
        if (scope === VariableScope.APP)
          delete (n.variableChangedNotification as { identifier?: string }).identifier;
      });
    }
  }

  prompt(sessionId: string, event: PromptEvent): void {
    const mode = {
      prompt: PromptMonitorMode.PROMPT,
      commandStart: PromptMonitorMode.COMMAND_START,
      commandEnd: PromptMonitorMode.COMMAND_END,
    }[event.kind];
    for (const c of this.connections) {
      const sub = c.sessionSubscription(NotificationType.NOTIFY_ON_PROMPT, sessionId);
      if (!sub) continue;
      const modes =
        sub.promptModes && sub.promptModes.length > 0 ? sub.promptModes : [PromptMonitorMode.PROMPT];
      if (!modes.includes(mode)) continue;
      const message = create(PromptNotificationSchema, {
        session: sessionId,
        uniquePromptId: event.record.id,
      });
      if (event.kind === 'prompt') {
        const cursor = this.model?.sessions.get(sessionId)?.cursorAbsolute() ?? { x: 0, y: 0 };
        const prompt = promptResponse({ ...event.record, state: GetPromptResponse_State.EDITING }, cursor);
        message.event = {
          case: 'prompt',
          value: { $typeName: 'iterm2.PromptNotificationPrompt', placeholder: '', prompt },
        };
      } else if (event.kind === 'commandStart') {
        message.event = {
          case: 'commandStart',
          value: { $typeName: 'iterm2.PromptNotificationCommandStart', command: event.record.command },
        };
      } else {
        message.event = {
          case: 'commandEnd',
          value: { $typeName: 'iterm2.PromptNotificationCommandEnd', status: event.status },
        };
      }
      c.notify((n) => (n.promptNotification = message));
    }
  }

  broadcastChanged(domains: BroadcastDomain[]): void {
    for (const c of this.subscribedTo(NotificationType.NOTIFY_ON_BROADCAST_CHANGE)) {
      c.notify(
        (n) =>
          (n.broadcastDomainsChanged = {
            $typeName: 'iterm2.BroadcastDomainsChangedNotification',
            broadcastDomains: domains,
          }),
      );
    }
  }

  // ---- plumbing -----------------------------------------------------------------------------

  subscribedTo(type: NotificationType): SimConnection[] {
    return [...this.connections].filter((c) => c.connectionTypes.has(type));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.held || this.closed) return;
    this.flushScheduled = setImmediate(() => {
      this.flushScheduled = undefined;
      this.flush();
    });
  }

  private flush(): void {
    if (this.held || !this.model) return;
    if (this.layoutPending) {
      this.layoutPending = false;
      const subscribers = this.subscribedTo(NotificationType.NOTIFY_ON_LAYOUT_CHANGE);
      // One listing's bytes for every subscriber (iTerm2 builds one per subscriber: the same listing).
      if (subscribers.length > 0) {
        const frame = this.layouts.encode(this.model);
        for (const c of subscribers) c.sendEncoded(frame);
      }
    }
    if (this.focusPending.length > 0) {
      const events = this.focusPending.splice(0);
      for (const c of this.subscribedTo(NotificationType.NOTIFY_ON_FOCUS_CHANGE)) {
        for (const event of events) c.notify((n) => (n.focusChangedNotification = event));
      }
    }
  }

  close(): void {
    this.closed = true;
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    for (const cancel of this.screenTimers.values()) cancel();
    this.screenTimers.clear();
  }
}
