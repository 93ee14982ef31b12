import type { Agent, Approval, ParsedInput, SwitchboardEvent } from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import type { AuditLog } from '../audit/audit-log';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { PaneInputGate } from '../panes/input-gate/pane-input-gate';
import type { BackendEvent, ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import type { ScreenObserver } from '../panes/screen-observer';
import { PromptAnswerer } from './prompt-answerer';
import { samePrompt, storedIdentity } from './prompt-identity';
import {
  hookItem,
  isPermissionNotification,
  newTracked,
  openItem,
  promptPayloadOf,
  screenItem,
  type ItemSpec,
  type OpenItem,
  type Tracked,
} from './prompt-items';
import { DEFAULT_PROMPT_TIMINGS, type PromptTimings } from './prompt-timings';
import { readPrompt, type ScreenPrompt } from './screen-prompt';

export interface PromptServiceDeps {
  backend: TerminalBackend;
  /** Answers are pane writes like any other: through the gate, as the decision. */
  gate: PaneInputGate;
  bus: EventBus;
  clock: Clock;
  fleet: FleetService;
  /** The one reader of pane screens; prompts observe a pane while one may show there. */
  observer: ScreenObserver;
  approvals: ApprovalQueue;
  audit: AuditLog;
  /** Permission items still pending from before a restart: adopted, not raised again. */
  pendingItems?: () => Approval[];
  timings?: Partial<PromptTimings>;
}

const ANSWERING_HOOKS = new Set(['PostToolUse', 'Stop', 'UserPromptSubmit', 'SessionEnd']);

/**
 * Permission and question prompts in agents' panes become approval items (kind `permission`), one per
 * prompt, found on the screen (when the agent waits for input) or reported by a Claude Code hook.
 * Deciding an item presses the CLI's keys for the choice (PromptAnswerer, through the pane input gate)
 * and confirms the prompt left the screen, retrying a bounded number of times; a prompt that leaves the
 * screen without a decision (answered in the terminal) withdraws its item. Never polls: screens come
 * from the screen observer while a prompt may show (state changes, hooks, pane output).
 */
export class PromptService {
  private readonly tracked = new Map<string, Tracked>();
  private readonly timings: PromptTimings;
  private readonly answerer: PromptAnswerer;
  private readonly unsubscribes: (() => void)[] = [];
  private closed = false;
  private relaidOutAt = -Infinity; // the last re-layout (a resize makes CLIs redraw their dialogs)

  constructor(private readonly deps: PromptServiceDeps) {
    this.timings = { ...DEFAULT_PROMPT_TIMINGS, ...deps.timings };
    this.answerer = new PromptAnswerer({
      approvals: deps.approvals,
      backend: deps.backend,
      gate: deps.gate,
      bus: deps.bus,
      clock: deps.clock,
      audit: deps.audit,
      timings: this.timings,
    });
    // After the event has reached every subscriber (see AttentionService): withdrawing emits events too.
    this.unsubscribes.push(deps.bus.subscribe((event) => queueMicrotask(() => this.onEvent(event))));
    this.unsubscribes.push(deps.approvals.onDidDecide((approval) => this.onDecided(approval)));
    const noteLayout = (event: BackendEvent) => {
      if (event.type === 'layout.changed') this.relaidOutAt = deps.clock.now();
    };
    this.unsubscribes.push(deps.backend.onEvent(noteLayout));
    for (const agent of deps.fleet.listAgents()) this.track(agent);
    this.adoptPending(deps.pendingItems?.() ?? []);
    const interrupted = deps.approvals.unansweredPrompts(); // before this process decides anything
    queueMicrotask(() => this.answerer.settleInterrupted(interrupted));
  }

  /** The open permission item of an agent, if any (for tests and the UI's detail view). */
  openItemOf(agentId: string): string | undefined {
    return this.tracked.get(agentId)?.item?.approvalId;
  }

  /** The agent's open permission item and its question: the pane input gate lets only a decision answer it. */
  openPromptOf(agentId: string): { approvalId: string; question: string | null } | undefined {
    const item = this.tracked.get(agentId)?.item;
    return item ? { approvalId: item.approvalId, question: item.question } : undefined;
  }

  /** A Claude Code hook the agent reported (after health has recorded it). */
  onHook(agentId: string, report: ParsedInput<'health.reportHook'>): void {
    const tracked = this.tracked.get(agentId);
    if (!tracked || this.closed) return;
    if (report.event === 'Notification' && isPermissionNotification(report)) {
      tracked.hook?.cancel();
      const message = report.message ?? 'needs your permission';
      const cancel = this.deps.clock.setTimeout(
        () => this.hookFallback(tracked),
        this.timings.hookFallbackMs,
      );
      tracked.hook = { at: this.deps.clock.now(), message, cancel };
      this.scheduleRead(tracked);
    } else if (ANSWERING_HOOKS.has(report.event)) {
      this.clearHook(tracked);
      // The agent reports its own hooks (its token): alone they do not show the person answered.
      if (tracked.item?.source === 'hook' && this.answeredByPerson(tracked, tracked.item))
        this.withdraw(tracked, `the agent moved on (hook ${report.event}): answered in the terminal`);
    }
  }

  close(): void {
    this.closed = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    for (const tracked of this.tracked.values()) {
      tracked.timer?.();
      tracked.hook?.cancel();
      tracked.screens?.subscription.stop();
    }
    this.tracked.clear();
  }

  /**
   * After a restart the queue may still hold items for prompts: each agent's newest is adopted (and its
   * screen read again, to confirm or withdraw it), older ones and those of agents that are gone are withdrawn.
   */
  private adoptPending(items: Approval[]): void {
    const newestFirst = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    for (const approval of newestFirst) {
      const payload = promptPayloadOf(approval);
      if (!payload) continue;
      const tracked = this.tracked.get(payload.agentId);
      if (!tracked) this.deps.approvals.withdraw(approval.id, 'the agent is gone');
      else if (tracked.item)
        this.deps.approvals.withdraw(approval.id, 'a newer prompt of the same agent replaced it');
      else {
        tracked.item = openItem(approval.id, payload, this.deps.clock.now(), this.paneOf(tracked));
        this.scheduleRead(tracked);
      }
    }
  }

  private track(agent: Agent): Tracked {
    let tracked = this.tracked.get(agent.id);
    if (!tracked) {
      tracked = newTracked(agent);
      this.tracked.set(agent.id, tracked);
    }
    // Its program started again in another pane (restored, restarted): the prompt ended with the old one.
    const asked = tracked.item?.paneId;
    if (asked && agent.paneId && agent.paneId !== asked)
      this.withdraw(
        tracked,
        'the agent was started again in a new pane: its prompt ended with its old program',
      );
    // A pane re-bound after a restart: an adopted item is checked against what the pane shows now.
    if (tracked.item && agent.paneId) this.scheduleRead(tracked);
    return tracked;
  }

  private onEvent(event: SwitchboardEvent): void {
    if (this.closed) return;
    switch (event.type) {
      case 'agent.spawned':
      case 'agent.updated':
        this.track(event.agent);
        break;
      case 'agent.closed': {
        const tracked = this.tracked.get(event.agentId);
        if (!tracked) return;
        if (tracked.item) this.withdraw(tracked, 'the agent was closed');
        tracked.timer?.();
        tracked.screens?.subscription.stop();
        this.clearHook(tracked);
        this.tracked.delete(event.agentId);
        break;
      }
      case 'layout.applied':
        this.relaidOutAt = this.deps.clock.now();
        break;
      case 'health.state_changed': {
        const tracked = this.tracked.get(event.agentId);
        if (!tracked) return;
        tracked.waiting = event.health.state === 'waiting_for_input';
        if (
          !tracked.waiting &&
          tracked.item?.source === 'hook' &&
          event.health.state !== 'unknown' &&
          this.answeredByPerson(tracked, tracked.item)
        ) {
          this.withdraw(tracked, `the agent is ${event.health.state} again: answered in the terminal`);
        }
        if (tracked.waiting || tracked.item) this.scheduleRead(tracked);
        break;
      }
      default:
        break;
    }
  }

  /** Wants the agent's screen as it is now (or at `at`): through the observer, which reads only what changed. */
  private scheduleRead(tracked: Tracked, at?: number): void {
    if (this.closed) return;
    if (at !== undefined && at > this.deps.clock.now()) {
      tracked.timer ??= this.deps.clock.setTimeout(() => {
        tracked.timer = undefined;
        this.scheduleRead(tracked);
      }, at - this.deps.clock.now());
      return;
    }
    const paneId = this.paneOf(tracked);
    if (!paneId) return;
    tracked.asked = true;
    if (tracked.screens?.paneId === paneId) return tracked.screens.subscription.refresh();
    tracked.screens?.subscription.stop();
    const subscription = this.deps.observer.observe(paneId, (screen) => this.onScreen(tracked, screen), {
      intervalMs: this.timings.readIntervalMs,
    });
    tracked.screens = { paneId, subscription };
  }

  private onScreen(tracked: Tracked, screen: ScreenSnapshot): void {
    if (this.closed || this.tracked.get(tracked.agentId) !== tracked || tracked.answering) return;
    if (!tracked.asked && !tracked.waiting && !tracked.item && !tracked.hook) {
      // No prompt can show: the pane is not observed for prompts until one may.
      tracked.screens?.subscription.stop();
      tracked.screens = undefined;
      return;
    }
    tracked.asked = false;
    this.noteScreen(tracked, readPrompt(tracked.kind, screen));
  }

  private noteScreen(tracked: Tracked, prompt: ScreenPrompt | undefined): void {
    const now = this.deps.clock.now();
    if (!prompt) {
      tracked.seen = undefined;
      tracked.handled = undefined;
      if (tracked.item?.source !== 'screen') return;
      tracked.absentSince ??= now;
      const goneAfter =
        tracked.item.style === 'typed' ? this.timings.typedGoneAfterMs : this.timings.goneAfterMs;
      const relaidOut =
        this.relaidOutAt >= tracked.item.since ? this.relaidOutAt + this.timings.relayoutGraceMs : 0;
      const goneAt = Math.max(tracked.absentSince + goneAfter, relaidOut);
      if (now < goneAt) this.scheduleRead(tracked, goneAt);
      else if (this.answeredByPerson(tracked, tracked.item))
        this.withdraw(tracked, 'the prompt left the screen without a decision: answered in the terminal');
      else {
        // Kept; and once it is decided or expires, the pane stays closed to automated input until the person types.
        const paneId = this.paneOf(tracked);
        if (paneId) this.deps.gate.noteHiddenPrompt(paneId, tracked.item.question);
      }
      return;
    }
    tracked.absentSince = undefined;
    if (!tracked.seen || !samePrompt(tracked.seen.identity, prompt.identity))
      tracked.seen = { identity: prompt.identity, at: now };
    if (tracked.handled && samePrompt(tracked.handled, prompt.identity)) return;
    tracked.handled = undefined;
    const item = tracked.item;
    if (item && samePrompt(item.identity, prompt.identity)) {
      // The same prompt re-read at another size: one item. Once its details are readable, they count.
      if (prompt.identity.detailed && !item.identity.detailed) item.identity = prompt.identity;
      return;
    }
    if (item?.source === 'hook' && item.identity.fingerprint.startsWith('hook-')) {
      // The hook's item stands for this prompt: adopt the screen's identity instead of raising a second item.
      item.identity = prompt.identity;
      this.clearHook(tracked);
      return;
    }
    // Another prompt replaces the item once it has stayed settleMs: a reading mid-redraw (a resize) shows a dialog half drawn.
    if (item && now < tracked.seen.at + this.timings.settleMs)
      return this.scheduleRead(tracked, tracked.seen.at + this.timings.settleMs);
    if (item) this.withdraw(tracked, 'another prompt replaced it on screen');
    this.clearHook(tracked);
    this.raise(tracked, prompt);
  }

  private hookFallback(tracked: Tracked): void {
    const hook = tracked.hook;
    tracked.hook = undefined;
    if (!hook || this.closed || tracked.item || tracked.answering || tracked.seen) return;
    this.raiseItem(tracked, hookItem(this.nameOf(tracked), tracked, hook));
  }

  private raise(tracked: Tracked, prompt: ScreenPrompt): void {
    this.raiseItem(tracked, screenItem(this.nameOf(tracked), tracked, prompt));
  }

  private nameOf(tracked: Tracked): string {
    return this.deps.fleet.repository.nameOf(tracked.agentId);
  }

  private raiseItem(tracked: Tracked, item: ItemSpec): void {
    const approval = this.deps.approvals.raise(
      { kind: 'agent', id: tracked.agentId },
      {
        kind: 'permission',
        summary: item.summary,
        payload: item.payload,
        choices: item.choices,
        expiresInMs: this.timings.expiresInMs,
        onExpiry: 'deny',
      },
    );
    // A policy may have decided it during `raise`; then the answer is already under way.
    if (approval.status === 'pending')
      tracked.item = openItem(approval.id, item.payload, this.deps.clock.now(), this.paneOf(tracked));
    else tracked.handled ??= storedIdentity(item.payload);
  }

  /**
   * A prompt that left the screen without a decision was answered in the terminal only if the person typed into the
   * pane since: otherwise it left by output alone, which the agent itself can print (a background job painting an
   * idle screen over its own tty). Withdrawn then, the item stopped guarding the pane and the agent's own pane.send
   * answered the prompt still waiting behind the paint (session 21, on a live host). The item stays until the
   * person types there, decides it (nothing is pressed while the prompt is not on screen) or it expires.
   */
  private answeredByPerson(tracked: Tracked, item: OpenItem): boolean {
    const paneId = this.paneOf(tracked);
    return paneId !== undefined && this.deps.gate.humanTypedSince(paneId, item.since);
  }

  private withdraw(tracked: Tracked, reason: string): void {
    const item = tracked.item;
    tracked.item = undefined;
    tracked.absentSince = undefined;
    if (item) this.deps.approvals.withdraw(item.approvalId, reason);
  }

  private clearHook(tracked: Tracked): void {
    tracked.hook?.cancel();
    tracked.hook = undefined;
  }

  private onDecided(approval: Approval): void {
    const payload = promptPayloadOf(approval);
    if (!payload || this.closed) return;
    const tracked = this.tracked.get(payload.agentId);
    // A hook's item may have adopted the identity of the prompt that then showed on screen.
    const identity =
      tracked?.item?.approvalId === approval.id ? tracked.item.identity : storedIdentity(payload);
    if (tracked?.item?.approvalId === approval.id) tracked.item = undefined;
    if (approval.status === 'expired' || !approval.decision) {
      // Expiry leaves the pane alone: the person may be answering it in the terminal.
      if (tracked) tracked.handled = identity;
      return;
    }
    if (!tracked) {
      const agentId = payload.agentId;
      queueMicrotask(() =>
        this.answerer.report(approval, agentId, {
          keys: [],
          attempts: 0,
          confirmed: false,
          error: 'the agent is gone: nothing was pressed',
        }),
      );
      return;
    }
    tracked.answering = approval.id;
    tracked.handled = identity;
    this.clearHook(tracked);
    const target = {
      agentId: tracked.agentId,
      kind: tracked.kind,
      identity,
      paneId: () => this.paneOf(tracked),
      seenAt: () => tracked.seen?.at,
    };
    void this.answerer
      .answer(target, approval)
      .then((outcome) => this.answerer.report(approval, tracked.agentId, outcome))
      .finally(() => {
        tracked.answering = undefined;
        this.scheduleRead(tracked);
      });
  }

  private paneOf(tracked: Tracked): string | undefined {
    return this.deps.fleet.repository.findAgent(tracked.agentId)?.paneId ?? undefined;
  }
}
