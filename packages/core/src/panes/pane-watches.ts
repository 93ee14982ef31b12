import { randomUUID } from 'node:crypto';
import { HUMAN_CALLER_ID, SwitchboardError } from '@switchboard/protocol';
import type { Caller, PaneWatch, ParsedInput } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetService } from '../fleet/fleet-service';
import { isoTime, type Clock } from '../ports/clock';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import { compileLinePattern } from './line-pattern';
import { redactSecrets } from '../secrets/redact';
import type { HumanNotifications } from './human-notifications';
import type { OutputTracker } from './output-tracker';
import type { PaneRights, PaneService } from './pane-service';

interface WatchRow {
  id: string;
  pane_id: string;
  agent_id: string | null;
  pattern: string;
  notify_agent_id: string | null;
  owner_id: string;
  once: number;
  label: string | null;
  created_at: string;
}
const toWatch = (row: WatchRow): PaneWatch => ({
  id: row.id,
  paneId: row.pane_id,
  agentId: row.agent_id,
  pattern: row.pattern,
  notifyAgentId: row.notify_agent_id,
  ownerId: row.owner_id,
  once: row.once === 1,
  label: row.label,
  createdAt: row.created_at,
});

const MAX_WATCHES_PER_OWNER = 100;

export interface PaneWatchesDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  backend: TerminalBackend;
  fleet: FleetService;
  panes: PaneService;
  tracker: OutputTracker;
  notifications: HumanNotifications;
  rights: PaneRights;
}

/**
 * Output-pattern subscriptions, kept in the store (they survive a host restart). A match becomes a
 * `pane.matched` event addressed to the agent to notify (the MCP endpoint pushes it to that agent's
 * sessions), or a notification for the human. Watches end with their pane or with the agents involved.
 */
export class PaneWatches {
  private readonly active = new Map<string, { stop: () => void }>();
  private readonly stops: (() => void)[] = [];

  constructor(private readonly deps: PaneWatchesDeps) {}

  /** Follows the stored watches and cleans up after closed panes and agents. */
  start(): void {
    for (const watch of this.all()) {
      try {
        void this.follow(watch);
      } catch {
        // Stored before patterns ran on RE2, and RE2 refuses it: it could only be followed with backtracking.
        this.drop(watch.id);
      }
    }
    this.stops.push(
      this.deps.backend.onEvent((event) => {
        if (event.type === 'pane.closed') this.removeWhere('pane_id = ?', event.paneId);
      }),
      this.deps.bus.subscribe((event) => {
        if (event.type === 'agent.closed')
          this.removeWhere(
            'agent_id = ? OR notify_agent_id = ? OR owner_id = ?',
            ...Array<string>(3).fill(event.agentId),
          );
      }),
    );
  }

  async add(input: ParsedInput<'pane.watch'>, caller: Caller): Promise<PaneWatch> {
    compileLinePattern(input.pattern); // refused (invalid_input) before anything is stored
    const { paneId, agent } = await this.deps.panes.readableTarget(input.target, caller, 'pane.watch');
    const notifyAgentId = this.notifyTarget(input.notify, caller);
    if (notifyAgentId !== null)
      this.deps.rights.assertMayTellOfPane(caller, notifyAgentId, agent?.id ?? null);
    const owned =
      this.deps.store
        .prepare<[string], { n: number }>('SELECT count(*) AS n FROM pane_watches WHERE owner_id = ?')
        .get(caller.id)?.n ?? 0;
    if (owned >= MAX_WATCHES_PER_OWNER) {
      throw new SwitchboardError('rate_limited', `You already have ${owned} watches`, {
        hint: 'Remove some with pane.unwatch first.',
      });
    }
    const watch: PaneWatch = {
      id: `watch-${randomUUID()}`,
      paneId,
      agentId: agent?.id ?? null,
      pattern: input.pattern,
      notifyAgentId,
      ownerId: caller.id,
      once: input.once,
      label: input.label ?? null,
      createdAt: isoTime(this.deps.clock),
    };
    this.deps.store
      .prepare(
        `INSERT INTO pane_watches (id, pane_id, agent_id, pattern, notify_agent_id, owner_id, once, label, created_at)
        VALUES (@id, @paneId, @agentId, @pattern, @notifyAgentId, @ownerId, @once, @label, @createdAt)`,
      )
      .run({ ...watch, once: watch.once ? 1 : 0 });
    const ready = this.follow(watch);
    this.deps.bus.emit({ type: 'pane.watch_added', watch });
    await ready;
    return watch;
  }

  remove(watchId: string, caller: Caller): string {
    const watch = this.find(watchId);
    if (
      !watch ||
      (caller.kind === 'agent' && watch.ownerId !== caller.id && watch.notifyAgentId !== caller.id)
    ) {
      throw new SwitchboardError('not_found', `No watch "${watchId}" of yours`, {
        hint: 'pane.watches lists your watches.',
      });
    }
    this.drop(watch.id);
    return watch.id;
  }

  list(caller: Caller): PaneWatch[] {
    const watches = this.all();
    return caller.kind === 'human'
      ? watches
      : watches.filter((w) => w.ownerId === caller.id || w.notifyAgentId === caller.id);
  }

  close(): void {
    this.stops.splice(0).forEach((stop) => stop());
    for (const { stop } of this.active.values()) stop();
    this.active.clear();
  }

  private notifyTarget(notify: string | undefined, caller: Caller): string | null {
    if (notify === undefined) return caller.kind === 'agent' ? caller.id : null;
    if (notify === HUMAN_CALLER_ID) return null;
    return this.deps.fleet.requireAgent(notify).id;
  }

  private follow(watch: PaneWatch): Promise<void> {
    const pattern = compileLinePattern(watch.pattern);
    const following = this.deps.tracker.follow(watch.paneId, (lines) => {
      if (!this.active.has(watch.id)) return;
      for (const line of lines.filter((l) => pattern.test(l))) {
        this.deps.bus.emit({
          type: 'pane.matched',
          watchId: watch.id,
          paneId: watch.paneId,
          agentId: watch.agentId,
          notifyAgentId: watch.notifyAgentId,
          label: watch.label,
          line,
        });
        if (watch.notifyAgentId === null) this.notifyHuman(watch, line);
        if (watch.once) {
          this.drop(watch.id);
          return;
        }
      }
    });
    this.active.set(watch.id, following);
    return following.ready;
  }

  private notifyHuman(watch: PaneWatch, line: string): void {
    const where = watch.agentId ? this.deps.fleet.repository.nameOf(watch.agentId) : watch.paneId;
    // Redacted before it is cut to length: a secret cut in half would no longer look like one.
    const summary = `${watch.label ?? `/${watch.pattern}/`} in ${where}: ${redactSecrets(line)}`
      .replace(/\p{Cc}/gu, ' ')
      .slice(0, 200);
    const owner =
      watch.ownerId === HUMAN_CALLER_ID
        ? { kind: 'human' as const, id: HUMAN_CALLER_ID }
        : { kind: 'agent' as const, id: watch.ownerId };
    this.deps.notifications.notify({ level: 'info', summary }, owner);
  }

  private drop(watchId: string): void {
    this.active.get(watchId)?.stop();
    this.active.delete(watchId);
    const { changes } = this.deps.store.prepare('DELETE FROM pane_watches WHERE id = ?').run(watchId);
    if (changes > 0) this.deps.bus.emit({ type: 'pane.watch_removed', watchId });
  }

  /** Drops the watches matching `condition`, one `?` per value (better-sqlite3 takes no numbered `?1` from an array). */
  private removeWhere(condition: string, ...values: string[]): void {
    const rows = this.deps.store
      .prepare<string[], { id: string }>(`SELECT id FROM pane_watches WHERE ${condition}`)
      .all(...values);
    for (const { id } of rows) this.drop(id);
  }

  private find(watchId: string): PaneWatch | undefined {
    const row = this.deps.store
      .prepare<[string], WatchRow>('SELECT * FROM pane_watches WHERE id = ?')
      .get(watchId);
    return row ? toWatch(row) : undefined;
  }

  private all(): PaneWatch[] {
    return this.deps.store
      .prepare<[], WatchRow>('SELECT * FROM pane_watches ORDER BY created_at, id')
      .all()
      .map(toWatch);
  }
}
