import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type {
  AttentionGroup,
  AttentionItem,
  AttentionSettings,
  AttentionSilence,
  PaneLocation,
  ParsedInput,
  SwitchboardEvent,
} from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { BackendEvent, TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import type { Logger } from '../ports/logger';
import { CoalescedListing } from '../terminal/coalesced-listing';
import { AttentionRepository } from './attention-repository';
import { AttentionSignal } from './attention-signal';
import { ApprovalRepository } from '../approvals/approval-repository';
import { afterApprovalDecided } from './approval-items';
import { groupsOf, SEVERITY_RANK } from './attention-groups';
import { closes, reactionsTo, type Occurrence, type Resolution } from './attention-rules';
import { AgentStarts } from './agent-starts';

export interface AttentionOptions {
  /** An agent raises at most one notification of a kind per this many milliseconds. */
  cooldownMs: number;
}

export const DEFAULT_ATTENTION_OPTIONS: AttentionOptions = { cooldownMs: 60_000 };

export interface AttentionDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  fleet: FleetService;
  backend: TerminalBackend;
  logger: Logger;
  /** Brings an agent's pane to the front: the `pane.focus` path. */
  focusPane(agentId: string): Promise<{ paneId: string }>;
  options?: Partial<AttentionOptions>;
}

/**
 * Notifications for the person: raised from core events (health, approvals, prompts), de-duplicated
 * (one open item per agent, kind and `about`; repeats fold into it) and rate-limited (at most one raise per agent
 * and kind per cool-down, however often the condition flaps), grouped by kind, silenced (not dropped)
 * by do-not-disturb and per-team mute, and resolved when their condition ends. Items and settings are
 * stored; the cool-down clock is in memory (a restart may let one repeat through).
 */
export class AttentionService {
  private readonly repository: AttentionRepository;
  private readonly lastRaised = new Map<string, number>();
  private readonly starts = new AgentStarts();
  private readonly locations = new Map<string, { windowId: string; tabId: string }>();
  /** Which approval an agent's item points at next (the approvals domain owns the rows). */
  private readonly approvals: ApprovalRepository;
  private readonly cooldownMs: number;
  private readonly unsubscribes: (() => void)[] = [];
  private dndTimer: (() => void) | undefined;
  /** Pane locations listed again once per burst of layout changes (every closing pane is one). */
  private readonly locationListing = new CoalescedListing(() => this.refreshLocations());
  private closed = false;

  constructor(private readonly deps: AttentionDeps) {
    this.repository = new AttentionRepository(deps.store);
    this.approvals = new ApprovalRepository(deps.store);
    this.cooldownMs = { ...DEFAULT_ATTENTION_OPTIONS, ...deps.options }.cooldownMs;
    // Reactions run after the event has reached every subscriber: an event emitted from inside another's
    // delivery would reach later subscribers before it, out of sequence order.
    this.unsubscribes.push(deps.bus.subscribe((event) => queueMicrotask(() => this.onEvent(event))));
    this.unsubscribes.push(deps.backend.onEvent((event) => this.onBackendEvent(event)));
    this.armDoNotDisturbEnd();
    void this.refreshLocations();
    const paneOf = (agentId: string) => deps.fleet.repository.findAgent(agentId)?.paneId ?? undefined;
    const signal = new AttentionSignal({
      bus: deps.bus,
      backend: deps.backend,
      logger: deps.logger,
      paneOf,
      openItems: this.repository.list(false, 10_000),
    });
    this.unsubscribes.push(() => signal.close());
  }

  close(): void {
    this.closed = true;
    this.locationListing.close();
    this.dndTimer?.();
    for (const unsubscribe of this.unsubscribes) unsubscribe();
  }

  settings(): AttentionSettings {
    const stored = this.repository.settings() ?? {
      doNotDisturb: false,
      doNotDisturbUntil: null,
      mutedTeams: [],
      cooldownMs: this.cooldownMs,
    };
    return { ...stored, cooldownMs: this.cooldownMs };
  }

  list(input: ParsedInput<'attention.list'>): {
    items: AttentionItem[];
    groups: AttentionGroup[];
    settings: AttentionSettings;
  } {
    if (input.before !== undefined && !this.repository.find(input.before))
      throw new SwitchboardError('not_found', `No notification "${input.before}" to page on from`, {
        hint: 'page with the id of the last item of the previous page',
      });
    const items = this.repository.list(input.includeClosed, input.limit, input.before);
    return { items, groups: groupsOf(items.filter((i) => i.status === 'open')), settings: this.settings() };
  }

  /**
   * Raises (or folds) one occurrence. Returns the item it raised, folded into or (within the cool-down,
   * unannounced) opened again. Other domains may call it (e.g. recovery escalations).
   */
  notify(occurrence: Occurrence): AttentionItem | undefined {
    if (this.closed) return undefined;
    const now = this.deps.clock.now();
    const key = `${occurrence.agentId ?? '-'}:${occurrence.kind}`;
    const last = this.lastRaised.get(key);
    const cooling = last !== undefined && now - last < this.cooldownMs;
    const at = new Date(now).toISOString();

    if (occurrence.kind === 'approval_pending' && occurrence.agentId !== null) {
      // A prompt that became an approval item is one thing to look at, not two: the waiting item turns into it.
      const waiting = this.repository.findOpen(occurrence.agentId, 'waiting_for_input', '');
      if (waiting && !this.repository.findOpen(occurrence.agentId, 'approval_pending', '')) {
        const moved: AttentionItem = {
          ...waiting,
          kind: 'approval_pending',
          group: 'approval_pending',
          severity: occurrence.severity,
          title: occurrence.title,
          body: occurrence.body,
          approvalId: occurrence.approvalId,
          updatedAt: at,
        };
        this.repository.save(moved);
        this.lastRaised.set(key, now);
        this.deps.bus.emit({ type: 'attention.updated', item: moved });
        return moved;
      }
    }

    const about = occurrence.about ?? '';
    const open = this.repository.findOpen(occurrence.agentId, occurrence.kind, about);
    if (open) {
      const folded: AttentionItem = {
        ...open,
        occurrences: open.occurrences + 1,
        severity:
          SEVERITY_RANK[occurrence.severity] > SEVERITY_RANK[open.severity]
            ? occurrence.severity
            : open.severity,
        title: occurrence.title,
        body: occurrence.body,
        approvalId: occurrence.approvalId ?? open.approvalId,
        updatedAt: at,
      };
      if (cooling) {
        this.repository.save(folded);
        return folded;
      }
      return this.announce({ ...folded, silenced: this.silenceFor(occurrence.agentId, now) }, key, now);
    }
    const latest = cooling
      ? this.repository.findLatest(occurrence.agentId, occurrence.kind, about)
      : undefined;
    if (latest) {
      // Back within the cool-down (an agent asking again soon after an answer): not announced again, but
      // the condition holds, so its last item opens again quietly; the flapping shows in its count.
      const reopened: AttentionItem = {
        ...latest,
        status: 'open',
        occurrences: latest.occurrences + 1,
        title: occurrence.title,
        body: occurrence.body,
        approvalId: occurrence.approvalId,
        updatedAt: at,
      };
      this.repository.save(reopened);
      this.deps.bus.emit({ type: 'attention.updated', item: reopened });
      return reopened;
    }
    const agent =
      occurrence.agentId === null ? undefined : this.deps.fleet.repository.findAgent(occurrence.agentId);
    const item: AttentionItem = {
      id: `attention-${randomUUID()}`,
      kind: occurrence.kind,
      severity: occurrence.severity,
      agentId: occurrence.agentId,
      agentName: agent?.name ?? null,
      teamId: agent?.teamId ?? null,
      title: occurrence.title,
      body: occurrence.body,
      approvalId: occurrence.approvalId,
      group: occurrence.kind,
      occurrences: 1,
      target: this.locationOf(occurrence.agentId),
      silenced: this.silenceFor(occurrence.agentId, now),
      status: 'open',
      createdAt: at,
      updatedAt: at,
    };
    return this.announce(item, key, now, about);
  }

  dismiss(input: ParsedInput<'attention.dismiss'>): { ids: string[] } {
    const open = this.repository.list(false, 10_000);
    const ids = new Set(input.ids ?? []);
    const chosen = open.filter(
      (item) =>
        input.all === true || ids.has(item.id) || (input.group !== undefined && item.group === input.group),
    );
    if (input.ids) {
      const unknown = input.ids.find((id) => !this.repository.find(id));
      if (unknown)
        throw new SwitchboardError('not_found', `No notification "${unknown}"`, {
          hint: 'attention.list shows them.',
        });
    }
    this.closeItems(chosen, 'dismissed');
    return { ids: chosen.map((item) => item.id) };
  }

  async goTo(input: ParsedInput<'attention.goTo'>): Promise<PaneLocation> {
    const item = input.id === undefined ? undefined : this.repository.find(input.id);
    if (input.id !== undefined && !item)
      throw new SwitchboardError('not_found', `No notification "${input.id}"`, {
        hint: 'attention.list shows them.',
      });
    const agentId = item ? item.agentId : this.deps.fleet.requireAgent(input.agent!).id;
    if (agentId === null)
      throw new SwitchboardError(
        'invalid_input',
        'This notification is not about an agent; it has no pane to go to',
      );
    if (!this.deps.fleet.repository.findAgent(agentId))
      throw new SwitchboardError('not_found', `The agent "${item?.agentName ?? agentId}" is gone`);
    const { paneId } = await this.deps.focusPane(agentId);
    await this.refreshLocations();
    const where = this.locations.get(paneId);
    const location: PaneLocation = {
      agentId,
      paneId,
      windowId: where?.windowId ?? null,
      tabId: where?.tabId ?? null,
    };
    this.deps.bus.emit({ type: 'attention.focused', location, itemId: item?.id ?? null });
    if (item?.status === 'open') this.closeItems([item], 'acted');
    return location;
  }

  setDoNotDisturb(input: ParsedInput<'attention.setDoNotDisturb'>): AttentionSettings {
    const until =
      input.enabled && input.forMs !== undefined
        ? new Date(this.deps.clock.now() + input.forMs).toISOString()
        : null;
    const settings = this.save({ ...this.settings(), doNotDisturb: input.enabled, doNotDisturbUntil: until });
    this.armDoNotDisturbEnd();
    return settings;
  }

  muteTeam(input: ParsedInput<'attention.muteTeam'>): AttentionSettings {
    const teamId = this.deps.fleet.requireTeam(input.team).id;
    const current = this.settings();
    const muted = new Set(current.mutedTeams);
    if (input.muted) muted.add(teamId);
    else muted.delete(teamId);
    return this.save({ ...current, mutedTeams: [...muted].sort() });
  }

  private save(settings: AttentionSettings): AttentionSettings {
    this.repository.saveSettings(settings);
    this.deps.bus.emit({ type: 'attention.settings_changed', settings });
    return settings;
  }

  /** `about` matters only for a new item: a stored one keeps what it is about. */
  private announce(item: AttentionItem, key: string, now: number, about = ''): AttentionItem {
    this.repository.save(item, about);
    this.lastRaised.set(key, now);
    this.deps.bus.emit({ type: 'attention.raised', item });
    return item;
  }

  private silenceFor(agentId: string | null, now: number): AttentionSilence | null {
    const settings = this.settings();
    if (
      settings.doNotDisturb &&
      (settings.doNotDisturbUntil === null || now < Date.parse(settings.doNotDisturbUntil))
    )
      return 'do_not_disturb';
    const teamId = agentId === null ? null : (this.deps.fleet.repository.findAgent(agentId)?.teamId ?? null);
    return teamId !== null && settings.mutedTeams.includes(teamId) ? 'team_muted' : null;
  }

  private armDoNotDisturbEnd(): void {
    this.dndTimer?.();
    this.dndTimer = undefined;
    const { doNotDisturb, doNotDisturbUntil } = this.settings();
    if (!doNotDisturb || doNotDisturbUntil === null) return;
    const end = () => {
      this.dndTimer = undefined;
      if (!this.closed) this.save({ ...this.settings(), doNotDisturb: false, doNotDisturbUntil: null });
    };
    const wait = Date.parse(doNotDisturbUntil) - this.deps.clock.now();
    if (wait <= 0) end();
    else this.dndTimer = this.deps.clock.setTimeout(end, wait);
  }

  private onEvent(event: SwitchboardEvent): void {
    if (this.closed) return;
    const startEnded = this.starts.endsAStart(event);
    for (const reaction of reactionsTo(event, this.deps.fleet.repository, { startEnded })) {
      if (reaction.resolve) this.resolve(reaction.resolve);
      if (reaction.raise) this.notify(reaction.raise);
    }
  }

  private resolve(resolution: Resolution): void {
    if ('approvalId' in resolution) {
      const items = this.repository.list(false, 10_000).filter((i) => i.approvalId === resolution.approvalId);
      const at = new Date(this.deps.clock.now()).toISOString();
      const { close, moved } = afterApprovalDecided(this.approvals, items, at);
      for (const item of moved) this.repository.save(item);
      for (const item of moved) this.deps.bus.emit({ type: 'attention.updated', item });
      return this.closeItems(close, 'resolved');
    }
    const items = this.repository
      .openOf(resolution.agentId)
      .filter(({ item, about }) => closes(resolution, item.kind, about));
    this.closeItems(
      items.map(({ item }) => item),
      'resolved',
    );
  }

  private closeItems(items: AttentionItem[], reason: 'dismissed' | 'resolved' | 'acted'): void {
    if (items.length === 0) return;
    const at = new Date(this.deps.clock.now()).toISOString();
    const status = reason === 'dismissed' ? 'dismissed' : 'resolved';
    this.deps.store.transaction(() => {
      for (const item of items) this.repository.save({ ...item, status, updatedAt: at });
    });
    this.deps.bus.emit({ type: 'attention.closed', ids: items.map((item) => item.id), reason });
  }

  private onBackendEvent(event: BackendEvent): void {
    if (this.closed) return;
    if (event.type === 'pane.created')
      this.locations.set(event.pane.id, { windowId: event.pane.windowId, tabId: event.pane.tabId });
    else if (event.type === 'layout.changed' || event.type === 'backend.reconnected')
      this.locationListing.trigger();
  }

  private async refreshLocations(): Promise<void> {
    try {
      const panes = await this.deps.backend.listPanes();
      this.locations.clear();
      for (const pane of panes) this.locations.set(pane.id, { windowId: pane.windowId, tabId: pane.tabId });
    } catch {
      // The backend may be away; "go to pane" asks it again.
    }
  }

  private locationOf(agentId: string | null): PaneLocation | null {
    const paneId = agentId === null ? null : (this.deps.fleet.repository.findAgent(agentId)?.paneId ?? null);
    if (agentId === null || paneId === null) return null;
    const where = this.locations.get(paneId);
    return { agentId, paneId, windowId: where?.windowId ?? null, tabId: where?.tabId ?? null };
  }
}
