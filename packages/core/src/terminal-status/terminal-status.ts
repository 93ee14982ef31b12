import { SwitchboardError } from '@switchboard/protocol';
import type {
  Agent,
  AgentState,
  Approval,
  ParsedInput,
  SwitchboardEvent,
  TerminalAppearance,
  TerminalStatusSettings,
} from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetRepository } from '../fleet/fleet-repository';
import { logAt, type Logger } from '../ports/logger';
import type { PaneAppearance, PaneStatusLine, TerminalBackend } from '../ports/terminal-backend';
import type { Store } from '../store/store';
import type { Clock } from '../ports/clock';
import { appearanceOf } from './status-appearance';
import { agentStatusVariants, fleetSummaryText } from './status-bar-text';
import { TerminalStatusSettingsStore } from './status-settings';

export interface TerminalStatusDeps {
  store: Store;
  bus: EventBus;
  backend: TerminalBackend;
  repository: FleetRepository;
  logger: Logger;
  clock: Clock;
  /** Resolves a team id or name (throws `not_found`), for `terminal.configure`. */
  requireTeamId(ref: string): string;
}

type Shown = { title: string; badge: string; tabColor: string | null; status: PaneStatusLine };

const OPEN_APPROVAL_END = new Set(['approval.decided', 'approval.expired', 'approval.withdrawn']);

/**
 * Status where the person looks (issue 26): each agent's pane shows its title, badge and tab colour as the
 * terminal-status style of its team and role says (formats with name, role, state, task, pending approvals;
 * the team hue toned by state). Follows the fleet's events and writes only what changed, per pane.
 */
export class TerminalStatus {
  readonly settings: TerminalStatusSettingsStore;
  /** What each pane shows now, as far as we wrote it. */
  private readonly shown = new Map<string, Shown>();
  /** Pending approval ids by requesting agent. */
  private readonly pending = new Map<string, Set<string>>();
  private readonly tasks = new Map<string, string>();
  /** Agents whose current state was judged with low confidence, with that state. */
  private readonly unsure = new Map<string, AgentState>();
  /** Agents whose pane may show something out of date: written together once this turn's events are handled. */
  private readonly stale = new Set<string>();
  /** Panes that closed since the pending write was scheduled: nothing to show there any more. */
  private readonly closedMeanwhile = new Set<string>();
  private staleWrite: NodeJS.Immediate | undefined;
  private readonly stops: (() => void)[];

  constructor(private readonly deps: TerminalStatusDeps) {
    this.settings = new TerminalStatusSettingsStore(deps.store);
    this.stops = [
      deps.bus.subscribe((event) => this.onEvent(event)),
      // A click on Switchboard's status-bar component in a pane: the UI opens that pane's agent.
      deps.backend.onEvent((event) => {
        if (event.type === 'pane.closed') {
          // Nothing shows there any more: its entry goes (a run that spawns and closes agents keeps none).
          this.shown.delete(event.paneId);
          if (this.staleWrite) this.closedMeanwhile.add(event.paneId);
        }
        if (event.type !== 'pane.status_clicked') return;
        const agent = deps.repository.agentInPane(event.paneId);
        if (agent)
          deps.bus.emit({ type: 'terminal.status_clicked', agentId: agent.id, paneId: event.paneId });
      }),
    ];
  }

  close(): void {
    for (const stop of this.stops) stop();
    clearImmediate(this.staleWrite);
    this.staleWrite = undefined;
  }

  /** Approvals pending when Switchboard starts (the count shows from the first decoration). */
  seedApprovals(approvals: readonly Approval[]): void {
    for (const approval of approvals) if (approval.status === 'pending') this.trackApproval(approval, true);
  }

  /** The health monitor's confidence in a new state ("?" on the badge when unsure). */
  noteConfidence(agentId: string, state: AgentState, unsure: boolean): void {
    if (unsure) this.unsure.set(agentId, state);
    else this.unsure.delete(agentId);
  }

  /** Writes the whole appearance (a new pane, or one restarted): title, badge, tab colour. */
  async decorate(agent: Agent): Promise<void> {
    if (!agent.paneId) return;
    const next = this.appearanceOf(agent);
    this.shown.set(agent.paneId, next);
    await this.write(agent, next);
  }

  /** Writes the fields that changed since the last write to the agent's pane, if any. */
  async refresh(agent: Agent): Promise<void> {
    if (!agent.paneId) return;
    const next = this.appearanceOf(agent);
    const before = this.shown.get(agent.paneId);
    const changed: PaneAppearance = {};
    if (before?.title !== next.title) changed.title = next.title;
    if (before?.badge !== next.badge) changed.badge = next.badge;
    if (before === undefined || before.tabColor !== next.tabColor) changed.tabColor = next.tabColor;
    if (JSON.stringify(before?.status) !== JSON.stringify(next.status)) changed.status = next.status;
    if (Object.keys(changed).length === 0) return;
    this.shown.set(agent.paneId, next);
    await this.write(agent, changed);
  }

  configure(patch: ParsedInput<'terminal.configure'>): TerminalStatusSettings {
    const settings = this.settings.configure(patch, (ref) => this.deps.requireTeamId(ref));
    this.refreshAll();
    return settings;
  }

  /** What the agent's pane shows now (terminal.status): title, badge, tab colour, the status-bar components' text. */
  describe(ref: string): TerminalAppearance {
    const agent = this.deps.repository.findAgent(ref);
    if (!agent) throw new SwitchboardError('not_found', `No agent "${ref}"`);
    const { status, ...shown } = this.appearanceOf(agent);
    const now = this.deps.clock.now();
    const lines = this.deps.repository
      .listAgents()
      .filter((a) => a.paneId !== null)
      .map((a) => this.appearanceOf(a).status);
    return {
      ...shown,
      statusBar: agent.paneId === null ? '' : agentStatusVariants(status, now)[0]!,
      fleetSummary: fleetSummaryText(lines),
    };
  }

  /** What the agent's pane should show now. */
  appearanceOf(agent: Agent): Shown {
    const team = agent.teamId === null ? undefined : this.deps.repository.findTeam(agent.teamId);
    const approvals = this.pending.get(agent.id)?.size ?? 0;
    const status = { state: agent.state, since: agent.stateSince, approvals };
    const shown = appearanceOf(
      this.settings.styleFor(agent),
      {
        agent,
        teamName: team?.name,
        task: this.tasks.get(agent.id),
        approvals,
        unsure: this.unsure.get(agent.id) === agent.state,
      },
      team?.color,
    );
    return { ...shown, status };
  }

  private async write(agent: Agent, appearance: PaneAppearance): Promise<void> {
    const paneId = agent.paneId!;
    try {
      await this.deps.backend.setAppearance(paneId, appearance);
    } catch (error) {
      // Not known what the pane shows now: the next change writes everything.
      this.shown.delete(paneId);
      throw error;
    }
  }

  private onEvent(event: SwitchboardEvent): void {
    switch (event.type) {
      case 'agent.updated':
        this.refreshSoon(event.agent.id);
        return;
      case 'agent.closed':
        this.pending.delete(event.agentId);
        this.tasks.delete(event.agentId);
        this.unsure.delete(event.agentId);
        return;
      case 'agent.task_changed':
        if (event.task) this.tasks.set(event.agentId, event.task.text);
        else this.tasks.delete(event.agentId);
        this.refreshAgent(event.agentId);
        return;
      case 'approval.requested':
        if (this.trackApproval(event.approval, event.approval.status === 'pending'))
          this.refreshAgent(event.approval.requester);
        return;
      case 'team.updated':
        for (const agent of this.deps.repository.listAgents(event.team.id)) this.refreshQuietly(agent);
        return;
      default:
        if (OPEN_APPROVAL_END.has(event.type) && 'approval' in event) {
          if (this.trackApproval(event.approval, false)) this.refreshAgent(event.approval.requester);
        }
    }
  }

  /** Adds or removes a pending approval; true when the agent's count changed. */
  private trackApproval(approval: Approval, pending: boolean): boolean {
    const ids = this.pending.get(approval.requester) ?? new Set<string>();
    const had = ids.has(approval.id);
    if (pending) ids.add(approval.id);
    else ids.delete(approval.id);
    if (ids.size > 0) this.pending.set(approval.requester, ids);
    else this.pending.delete(approval.requester);
    return had !== pending;
  }

  private refreshAll(): void {
    for (const agent of this.deps.repository.listAgents()) this.refreshQuietly(agent);
  }

  private refreshAgent(agentId: string): void {
    const agent = this.deps.repository.findAgent(agentId);
    if (agent) this.refreshQuietly(agent);
  }

  /**
   * A state change's badge and tab colour, written once the events read with it are handled: 100 agents exiting
   * together each reach their state without waiting for the others' pane writes (each a terminal request), an
   * agent changing twice in one turn is written once, and a pane that closed with its exit is not written at all.
   */
  private refreshSoon(agentId: string): void {
    this.stale.add(agentId);
    this.staleWrite ??= setImmediate(() => {
      this.staleWrite = undefined;
      const ids = [...this.stale];
      const closed = new Set(this.closedMeanwhile);
      this.stale.clear();
      this.closedMeanwhile.clear();
      for (const id of ids) {
        const agent = this.deps.repository.findAgent(id);
        if (!agent?.paneId) continue;
        if (closed.has(agent.paneId)) this.shown.delete(agent.paneId);
        else this.refreshQuietly(agent);
      }
    });
  }

  private refreshQuietly(agent: Agent): void {
    this.refresh(agent).catch((error: unknown) =>
      logAt.warn(this.deps.logger, "updating an agent's pane status failed", {
        component: 'terminal-status',
        agent: agent.id,
        paneId: agent.paneId,
        err: error,
      }),
    );
  }
}
