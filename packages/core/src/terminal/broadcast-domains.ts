import { SwitchboardError } from '@switchboard/protocol';
import type { Agent, BroadcastDomain, ParsedInput } from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import type { FleetRepository } from '../fleet/fleet-repository';
import type { TerminalBackend } from '../ports/terminal-backend';
import { teamAndDescendants } from '../messages/addressing';

export interface BroadcastDomainsDeps {
  backend: TerminalBackend;
  bus: EventBus;
  repository: FleetRepository;
}

type Selection = { team?: string | undefined; agents?: string[] | undefined };

/**
 * Broadcast domains from Switchboard (iTerm2's SetBroadcastDomains): the human groups agents' panes, by
 * team or by a selection, so typing into one of them in the terminal types into all. iTerm2 broadcasts
 * only within one window, so a group spread over windows becomes one domain per window. The terminal
 * is the truth: every change reads its domains first (the person may have made their own), and
 * `broadcast.domains_changed` follows the terminal's own notification.
 */
export class BroadcastDomains {
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly deps: BroadcastDomainsDeps) {}

  start(): void {
    this.disposers.push(
      this.deps.backend.onEvent((event) => {
        if (event.type === 'broadcast.changed')
          this.deps.bus.emit({ type: 'broadcast.domains_changed', domains: this.views(event.domains) });
      }),
    );
  }

  close(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
  }

  async list(): Promise<BroadcastDomain[]> {
    return this.views(await this.terminalDomains());
  }

  /** Groups the agents' panes (a team with its sub-teams, or a selection): one domain per window. */
  async create(input: ParsedInput<'broadcast.create'>): Promise<{ domains: BroadcastDomain[] }> {
    const agents = this.select(input);
    const panes = new Set(agents.map((a) => a.paneId!));
    const windows = new Map<string, string[]>();
    for (const pane of await this.deps.backend.listPanes())
      if (panes.has(pane.id) && pane.alive)
        windows.set(pane.windowId, [...(windows.get(pane.windowId) ?? []), pane.id]);
    const created = [...windows.values()].filter((ids) => ids.length > 1);
    if (created.length === 0)
      throw new SwitchboardError(
        'invalid_input',
        agents.length < 2
          ? 'A broadcast group needs at least two agents with live panes'
          : 'These agents are each in a window of their own: iTerm2 broadcasts typing only within one window',
        {
          hint: 'Put them in one window first (a layout preset with team tabs), or pick agents that share one.',
        },
      );
    const kept = this.without(await this.terminalDomains(), new Set(created.flat()));
    await this.set([...kept, ...created]);
    return { domains: this.views(created) };
  }

  /** Takes the agents' panes out of their domains (a domain left with one pane ends); `all` ends every domain. */
  async remove(input: ParsedInput<'broadcast.remove'>): Promise<{ domains: BroadcastDomain[] }> {
    const current = await this.terminalDomains();
    const next = input.all ? [] : this.without(current, new Set(this.select(input).map((a) => a.paneId!)));
    await this.set(next);
    return { domains: this.views(next) };
  }

  private select(input: Selection): Agent[] {
    const { repository } = this.deps;
    let agents: Agent[];
    if (input.team !== undefined) {
      const team = repository.findTeam(input.team);
      if (!team) throw new SwitchboardError('not_found', `No team "${input.team}"`);
      const ids = teamAndDescendants(repository.listTeams(), team.id);
      agents = repository.listAgents().filter((a) => a.teamId !== null && ids.has(a.teamId));
    } else {
      agents = (input.agents ?? []).map((ref) => {
        const agent = repository.findAgent(ref);
        if (!agent) throw new SwitchboardError('not_found', `No agent "${ref}"`);
        return agent;
      });
    }
    return agents.filter((a) => a.paneId !== null);
  }

  private without(domains: string[][], panes: ReadonlySet<string>): string[][] {
    return domains.map((ids) => ids.filter((id) => !panes.has(id))).filter((ids) => ids.length > 1);
  }

  private async terminalDomains(): Promise<string[][]> {
    const { backend } = this.deps;
    if (!backend.getBroadcastDomains)
      throw new SwitchboardError('unavailable', `The ${backend.name} terminal has no broadcast input`);
    return backend.getBroadcastDomains();
  }

  private async set(domains: string[][]): Promise<void> {
    const { backend } = this.deps;
    if (!backend.setBroadcastDomains)
      throw new SwitchboardError('unavailable', `The ${backend.name} terminal has no broadcast input`);
    await backend.setBroadcastDomains(domains);
  }

  private views(domains: readonly (readonly string[])[]): BroadcastDomain[] {
    const agents = this.deps.repository.snapshot().agents;
    return domains.map((paneIds) => ({
      paneIds: [...paneIds],
      agentIds: paneIds.flatMap((id) => agents.find((a) => a.paneId === id)?.id ?? []),
    }));
  }
}
