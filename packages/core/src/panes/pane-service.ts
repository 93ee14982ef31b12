import { SwitchboardError } from '@switchboard/protocol';
import type { Agent, Caller, CommandOutput, PaneView, ParsedInput } from '@switchboard/protocol';
import type { FleetService } from '../fleet/fleet-service';
import type { Clock } from '../ports/clock';
import type { PaneInfo, ScreenSnapshot, TerminalBackend } from '../ports/terminal-backend';
import { selectLines } from './fresh-lines';
import { compileLinePattern } from './line-pattern';
import type { PaneInputGate, WriteOrigin } from './input-gate/pane-input-gate';
import { backendCall } from './backend-call';
import { logicalLines, redactScreen } from '../recordings/redact-screen';

/** A target resolved to the pane it names (and the agent bound to it, if any). */
export interface ResolvedTarget {
  target: string;
  paneId: string;
  agent: Agent | null;
}

/** Variables Switchboard itself keeps on panes (`user.switchboard…`): agents may read them, not change them. */
const RESERVED_VARIABLE_PREFIX = 'switchboard';
const CONFIRM_POLL_MS = 50;

export interface PaneServiceDeps {
  backend: TerminalBackend;
  fleet: FleetService;
  clock: Clock;
  /** The one path for writes into panes: rights, permission prompts, the human's control. */
  gate: PaneInputGate;
  /** Throws `locked` when someone else holds a lease on the pane (the locks domain). */
  assertPaneAccess?: (caller: Caller, paneId: string) => void;
  /** The role catalog's rights over panes and messages (RoleGuard). */
  rights: PaneRights;
}

/** What the pane domain asks the roles (RoleGuard implements it); each throws `forbidden`, audited. */
export interface PaneRights {
  /**
   * Unless the agent may read the pane of `paneAgentId` (`null`: no agent's, the human's): its own pane always,
   * another only with `pane.read.others`.
   */
  assertMayReadPane(readerAgentId: string, paneAgentId: string | null, command: string): void;
  /** Unless the watcher may message the notified agent, and that agent may read the pane (of `paneAgentId`). */
  assertMayTellOfPane(watcher: Caller, notifiedAgentId: string, paneAgentId: string | null): void;
  /** Whether `reader` may read the pane of `paneAgentId`, without an audit entry (what `pane.list` shows). */
  mayReadPane(reader: Caller, paneAgentId: string | null): boolean;
}

/** pane.*: reading, typing into and decorating terminal panes, addressed by agent or pane id. */
export class PaneService {
  constructor(private readonly deps: PaneServiceDeps) {}

  /**
   * A pane's title is what its program put there (a path, a host, a task): the caller sees it only for panes it
   * may read (its own; any with `pane.read.others`), and `titleMatches` tests only those titles.
   */
  async list(input: ParsedInput<'pane.list'>, caller: Caller): Promise<PaneView[]> {
    const { fleet } = this.deps;
    const teamId = input.team === undefined ? undefined : fleet.requireTeam(input.team).id;
    const onlyAgent = input.agent === undefined ? undefined : fleet.requireAgent(input.agent).id;
    const byPane = new Map(
      fleet
        .listAgents()
        .filter((a) => a.paneId !== null)
        .map((a) => [a.paneId!, a]),
    );
    const title = input.titleMatches === undefined ? undefined : compileLinePattern(input.titleMatches);
    const panes = await backendCall(() => this.deps.backend.listPanes());
    return panes
      .map((pane) => {
        const view = toView(pane, byPane.get(pane.id) ?? null);
        return this.deps.rights.mayReadPane(caller, view.agentId) ? view : { ...view, title: '' };
      })
      .filter((view) => {
        if (
          (input.agentsOnly || teamId !== undefined || onlyAgent !== undefined || input.role !== undefined) &&
          view.agentId === null
        )
          return false;
        if (teamId !== undefined && view.teamId !== teamId) return false;
        if (onlyAgent !== undefined && view.agentId !== onlyAgent) return false;
        if (input.role !== undefined && view.role !== input.role) return false;
        if (input.alive !== undefined && view.alive !== input.alive) return false;
        return title === undefined || title.test(view.title);
      });
  }

  /** Resolves every target first, so a bad one fails the call before anything is sent. */
  async resolveAll(targets: readonly string[]): Promise<ResolvedTarget[]> {
    const panes = await backendCall(() => this.deps.backend.listPanes());
    const paneIds = new Set(panes.map((p) => p.id));
    return targets.map((target) => {
      const agent = this.deps.fleet.repository.findAgent(target);
      if (agent) {
        if (agent.paneId === null || !paneIds.has(agent.paneId)) {
          throw new SwitchboardError('unavailable', `Agent "${agent.name}" has no open pane`, {
            hint: 'Its pane was closed; respawn or adopt it.',
          });
        }
        return { target, paneId: agent.paneId, agent };
      }
      if (paneIds.has(target)) {
        const bound = this.deps.fleet.repository.agentInPane(target) ?? null;
        return { target, paneId: target, agent: bound };
      }
      throw new SwitchboardError('not_found', `No agent or pane "${target}"`, {
        hint: 'pane.list shows the panes and the agents bound to them.',
      });
    });
  }

  async resolve(target: string): Promise<ResolvedTarget> {
    const [resolved] = await this.resolveAll([target]);
    return resolved!;
  }

  /**
   * Resolves targets the caller may read (screen, scrollback, matched lines, variables): a human any pane, an
   * agent its own, and another agent's or an unowned pane only with `pane.read.others`. All or nothing.
   */
  async readableTargets(
    targets: readonly string[],
    caller: Caller,
    command: string,
  ): Promise<ResolvedTarget[]> {
    const resolved = await this.resolveAll(targets);
    if (caller.kind === 'agent')
      for (const { agent } of resolved)
        this.deps.rights.assertMayReadPane(caller.id, agent?.id ?? null, command);
    return resolved;
  }

  /** `readableTargets` for one target. */
  async readableTarget(target: string, caller: Caller, command: string): Promise<ResolvedTarget> {
    const [resolved] = await this.readableTargets([target], caller, command);
    return resolved!;
  }

  async read(input: ParsedInput<'pane.read'>, caller: Caller): Promise<CommandOutput<'pane.read'>> {
    const targets = input.targets ?? [this.ownPaneTarget(caller)];
    const resolved = await this.readableTargets(targets, caller, 'pane.read');
    const pattern = input.filter === undefined ? undefined : compileLinePattern(input.filter);
    const screens = await Promise.all(
      resolved.map(async ({ target, paneId, agent }) => {
        const { lines, cursor } = await this.readLines(
          paneId,
          input.scrollback ? input.lines : undefined,
          input.logical,
        );
        return {
          target,
          paneId,
          agentId: agent?.id ?? null,
          lines: selectLines(lines, input.lines, pattern),
          totalLines: lines.length,
          cursor,
        };
      }),
    );
    return { screens };
  }

  /**
   * The screen, or with `history` also up to that many scrollback lines above it, redacted here: a line the
   * terminal soft-wrapped is redacted as one (`redactScreen`), since the redaction every output gets on its way
   * out of core sees one row at a time and missed a token broken at the pane's edge (pane.read showed it whole).
   * With `logical`, the rows it soft-wrapped come back as one line.
   */
  async readLines(
    paneId: string,
    history?: number,
    logical = false,
  ): Promise<{ lines: string[]; cursor: ScreenSnapshot['cursor'] | null }> {
    const read = await backendCall(() =>
      this.deps.backend.readScreen(paneId, history === undefined ? {} : { scrollback: history }),
    );
    const screen = redactScreen(read);
    // `logical`: soft-wrapped rows joined (a long line's tail is not a line of its own), the cursor on its line.
    const { lines, cursor } = logical ? logicalLines(screen) : screen;
    return { lines: trimTrailingBlank(lines), cursor };
  }

  /** Resolves targets the caller may write to: all of them, or the call fails before anything is typed. */
  async writableTargets(targets: readonly string[], caller: Caller): Promise<ResolvedTarget[]> {
    const resolved = await this.resolveAll(targets);
    for (const { paneId } of resolved) this.deps.assertPaneAccess?.(caller, paneId);
    return resolved;
  }

  /**
   * Targets the caller may focus, decorate or set variables on: the gate's rights (`pane.write.others` for
   * another agent's pane, leases), as for typing. Before this an agent could retitle, re-badge, recolour and
   * focus any agent's pane, though it could not type there.
   */
  async actableTargets(targets: readonly string[], caller: Caller): Promise<ResolvedTarget[]> {
    const resolved = await this.writableTargets(targets, caller);
    const origin = originOf(caller);
    for (const { paneId } of resolved) this.deps.gate.assertMayAct(paneId, origin);
    return resolved;
  }

  /** Typing goes through the gate: refused (`conflict`) while a prompt is up or the human has control. */
  async send(input: ParsedInput<'pane.send'>, caller: Caller): Promise<CommandOutput<'pane.send'>> {
    const resolved = await this.writableTargets(input.targets, caller);
    const origin = originOf(caller);
    await this.assertNothingBlocks(resolved, origin);
    const results = await Promise.all(
      resolved.map(async ({ target, paneId }) => {
        const written = await this.deps.gate.write({
          paneId,
          origin,
          text: input.text,
          submit: input.submit,
        });
        if (written.status !== 'written' || !written.screenBeforeSubmit)
          return { target, paneId, submitted: false, confirmed: false };
        const confirmed = await this.screenChanges(
          paneId,
          written.screenBeforeSubmit,
          input.confirmTimeoutMs,
        );
        return { target, paneId, submitted: true, confirmed };
      }),
    );
    return { results };
  }

  async keys(input: ParsedInput<'pane.keys'>, caller: Caller): Promise<CommandOutput<'pane.keys'>> {
    const resolved = await this.writableTargets(input.targets, caller);
    const origin = originOf(caller);
    await this.assertNothingBlocks(resolved, origin);
    const results = await Promise.all(
      resolved.map(async ({ target, paneId }) => {
        // Each key is its own write: TUIs read a lone ESC followed quickly by more bytes as one sequence.
        await this.deps.gate.write({ paneId, origin, keys: input.keys });
        return { target, paneId, sent: input.keys.length };
      }),
    );
    return { results };
  }

  /** A call to several panes fails before anything is typed when one of them is refused or blocked now. */
  private async assertNothingBlocks(resolved: readonly ResolvedTarget[], origin: WriteOrigin): Promise<void> {
    if (resolved.length < 2) return;
    for (const { paneId } of resolved) await this.deps.gate.check(paneId, origin);
  }

  /** Focus moves the person's keyboard to the pane: on another agent's pane, an agent needs the rights to type there. */
  async focus(target: string, caller: Caller): Promise<{ paneId: string }> {
    const [{ paneId }] = (await this.actableTargets([target], caller)) as [ResolvedTarget];
    await backendCall(() => this.deps.backend.focus(paneId));
    return { paneId };
  }

  async setAppearance(input: ParsedInput<'pane.setAppearance'>, caller: Caller): Promise<{ paneId: string }> {
    const [{ paneId }] = (await this.actableTargets([input.target], caller)) as [ResolvedTarget];
    await backendCall(() =>
      this.deps.backend.setAppearance(paneId, {
        ...(input.badge === undefined ? {} : { badge: input.badge }),
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.tabColor === undefined ? {} : { tabColor: input.tabColor }),
      }),
    );
    return { paneId };
  }

  async getVariable(input: ParsedInput<'pane.getVariable'>, caller: Caller) {
    const { paneId } = await this.readableTarget(input.target, caller, 'pane.getVariable');
    const value = await backendCall(() => this.deps.backend.getVariable(paneId, `user.${input.name}`));
    return { paneId, name: input.name, value: value ?? null };
  }

  async setVariable(input: ParsedInput<'pane.setVariable'>, caller: Caller) {
    if (input.name.toLowerCase().startsWith(RESERVED_VARIABLE_PREFIX)) {
      throw new SwitchboardError('forbidden', `user.${input.name} belongs to Switchboard and is read-only`, {
        hint: 'Pick a name that does not start with "switchboard".',
      });
    }
    const [{ paneId }] = (await this.actableTargets([input.target], caller)) as [ResolvedTarget];
    await backendCall(() => this.deps.backend.setVariable(paneId, `user.${input.name}`, input.value));
    return { paneId, name: input.name, value: input.value };
  }

  /** The caller's own pane, as a target: the default for reads. */
  ownPaneTarget(caller: Caller): string {
    if (caller.kind !== 'agent')
      throw new SwitchboardError('invalid_input', 'Name the panes to read in `targets`', {
        hint: 'pane.list shows the panes.',
      });
    return caller.id;
  }

  private async screenChanges(paneId: string, before: ScreenSnapshot, timeoutMs: number): Promise<boolean> {
    const deadline = this.deps.clock.now() + timeoutMs;
    for (;;) {
      const now = await backendCall(() => this.deps.backend.readScreen(paneId));
      if (!sameScreen(before, now)) return true;
      if (this.deps.clock.now() >= deadline) return false;
      await this.sleep(Math.min(CONFIRM_POLL_MS, deadline - this.deps.clock.now()));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms));
  }
}

function originOf(caller: Caller): WriteOrigin {
  return caller.kind === 'human' ? { kind: 'human' } : { kind: 'agent', agentId: caller.id };
}

function toView(pane: PaneInfo, agent: Agent | null): PaneView {
  return {
    id: pane.id,
    windowId: pane.windowId,
    tabId: pane.tabId,
    title: pane.title,
    pid: pane.pid,
    alive: pane.alive,
    agentId: agent?.id ?? null,
    agentName: agent?.name ?? null,
    teamId: agent?.teamId ?? null,
    role: agent?.role ?? null,
    state: agent?.state ?? null,
  };
}

function sameScreen(a: ScreenSnapshot, b: ScreenSnapshot): boolean {
  return (
    a.cursor.x === b.cursor.x &&
    a.cursor.y === b.cursor.y &&
    a.lines.length === b.lines.length &&
    a.lines.every((line, i) => line === b.lines[i])
  );
}

function trimTrailingBlank(lines: readonly string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  return lines.slice(0, end);
}
