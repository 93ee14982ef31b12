import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { SwitchboardError } from '@switchboard/protocol';
import type { Agent, AgentWorktree, ParsedInput, Team } from '@switchboard/protocol';
import { assertAgentName } from './agent-names';
import { isoTime } from '../ports/clock';
import type { PanePlacement } from '../ports/terminal-backend';
import { redactSecrets } from '../secrets/redact';
import { realCommandLine } from './agent-private-files';
import type { FleetLayouts } from './fleet-layouts';
import type { FleetRepository } from './fleet-repository';
import type { FleetDeps } from './fleet-service';
import { addAgentWorktree, removeAgentWorktree } from './agent-worktree';
import { removeAgentLaunch, writeAgentLaunch } from './agent-launch';
import { registeredHostName } from '../hosts/host-registry';
import { decoratePane } from './pane-decoration';
import { runBounded } from './run-bounded';
import type { TerminalStatus } from '../terminal-status/terminal-status';

/** One agent to spawn; `privateFrom`: an agent whose environment and real command line it inherits (a replacement). */
export interface SpawnRequest {
  input: ParsedInput<'agent.spawn'>;
  privateFrom?: string;
}

export type SpawnOutcome = { agent: Agent; token: string } | { error: Error };

/** How many panes a batch spawn creates at once: the terminal and the CLIs' start-up run in parallel, bounded. */
export const SPAWN_CONCURRENCY = 8;

interface Draft {
  agent: Agent;
  request: SpawnRequest;
}

export interface AgentSpawnerDeps extends FleetDeps {
  repository: FleetRepository;
  layouts: FleetLayouts;
  requireTeam: (ref: string) => Team;
  status: TerminalStatus;
}

/**
 * Spawning, one agent or a batch, always inside the fleet's mutation queue. A batch checks and drafts
 * every agent first (names, teams, positions, worktrees: one after another), then launches them: the
 * first agent of each team alone (it opens the team's window or tab), the rest `concurrency` at a time
 * in new tabs beside their team-mates (splitting one pane many times at once would run out of room),
 * and applies the layout once at the end, which puts every pane in its place. An agent that fails is rolled back
 * alone (token, files, pane, worktree) and reported; the others stay.
 */
export class AgentSpawner {
  constructor(private readonly deps: AgentSpawnerDeps) {}

  async spawnAll(requests: SpawnRequest[], concurrency = SPAWN_CONCURRENCY): Promise<SpawnOutcome[]> {
    const outcomes: SpawnOutcome[] = requests.map(() => ({ error: new Error('not spawned') }));
    const drafts = new Map<number, Draft>();
    const taken = new Map<string | null, number>();
    for (const [index, request] of requests.entries()) {
      try {
        drafts.set(index, await this.draft(request, drafts, taken));
      } catch (error) {
        outcomes[index] = { error: error as Error };
      }
    }
    /** Agents with a pane that are not in the repository yet: placements of the next ones see them. */
    const launched: Agent[] = [];
    const launchOne = async (index: number) => {
      outcomes[index] = await this.launchDraft(drafts.get(index)!, launched, drafts.size > 1);
    };
    const housed = new Set(
      this.deps.repository
        .listAgents()
        .filter((a) => a.paneId !== null)
        .map((a) => a.teamId),
    );
    const leaders: number[] = [];
    const followers: number[] = [];
    for (const [index, { agent }] of drafts) {
      (housed.has(agent.teamId) ? followers : leaders).push(index);
      housed.add(agent.teamId);
    }
    for (const index of leaders) await launchOne(index);
    await runBounded(followers, concurrency, launchOne);
    // Swallowed on purpose: the agents exist without a re-arranged layout; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
    if (outcomes.some((outcome) => 'agent' in outcome))
      await this.deps.layouts.apply().catch(() => undefined);
    for (const outcome of outcomes)
      if ('agent' in outcome) this.deps.bus.emit({ type: 'agent.spawned', agent: outcome.agent });
    return outcomes;
  }

  /** Issues a token, writes the launch file and the CLI's wiring, and creates a pane running the launcher on it. */
  async launch(
    agent: Agent,
    placement: PanePlacement,
    resume = false,
  ): Promise<{ paneId: string; token: string }> {
    const token = this.deps.tokens.issue(agent.id);
    let command: string;
    try {
      command = await writeAgentLaunch(this.deps, agent, token, resume);
    } catch (error) {
      this.deps.tokens.revokeAll(agent.id);
      this.deps.wiring.remove(agent.id);
      throw error;
    }
    try {
      const pane = await this.deps.backend.createPane({
        command,
        ...(agent.cwd === null ? {} : { cwd: agent.cwd }),
        ...(agent.host === undefined ? {} : { host: agent.host }),
        placement,
      });
      return { paneId: pane.id, token };
    } catch (error) {
      this.deps.tokens.revokeAll(agent.id);
      // Swallowed on purpose: the files are the launch's own leftovers; the caller gets the pane's error.
      await removeAgentLaunch(this.deps, agent).catch(() => undefined);
      throw new SwitchboardError(
        'unavailable',
        `The terminal backend could not create a pane: ${(error as Error).message}`,
      );
    }
  }

  /** Checks one request and builds its agent (no pane yet); `taken` counts positions given out in this batch per team. */
  private async draft(
    request: SpawnRequest,
    drafts: Map<number, Draft>,
    taken: Map<string | null, number>,
  ): Promise<Draft> {
    const { input } = request;
    assertAgentName(input.name);
    if (
      this.deps.repository.findAgent(input.name) ||
      [...drafts.values()].some((d) => d.agent.name === input.name)
    ) {
      throw new SwitchboardError('conflict', `An agent named "${input.name}" already exists`, {
        hint: 'Pick another name or close that agent first.',
      });
    }
    requireKnownRole(this.deps, input.role);
    const team = input.team === undefined ? null : this.deps.requireTeam(input.team);
    const teamId = team?.id ?? null;
    // The registered spelling (`BOX` → `box`): one name, one connection per host.
    const host = input.host === undefined ? undefined : registeredHostName(this.deps.store, input.host);
    // A folder on this machine is checked here: a missing one failed as the terminal's pane vanishing.
    if (input.cwd !== undefined && host === undefined && !input.worktree && !isFolder(input.cwd))
      throw new SwitchboardError('invalid_input', `The working folder "${input.cwd}" does not exist`, {
        hint: 'Pick a folder that exists on this machine, or leave it empty for the home folder.',
      });
    // Made on the machine the agent runs on (its remote host's, over that host's connection).
    const worktree: AgentWorktree | null = input.worktree
      ? await addAgentWorktree(this.deps, { cwd: input.cwd!, ...input.worktree }, host)
      : null;
    const offset = taken.get(teamId) ?? 0;
    taken.set(teamId, offset + 1);
    const agent = newAgent(
      { ...input, host },
      {
        cwd: worktree?.path ?? input.cwd ?? null,
        teamId,
        state: 'starting',
        paneId: null,
        position: this.deps.repository.nextAgentPosition(teamId) + offset,
        worktree,
      },
      isoTime(this.deps.clock),
    );
    return { agent, request };
  }

  private async launchDraft(
    { agent: draft, request }: Draft,
    launched: Agent[],
    batch: boolean,
  ): Promise<SpawnOutcome> {
    let paneId: string | undefined;
    try {
      const inherited =
        request.privateFrom === undefined ? undefined : this.deps.wiring.privateOf(request.privateFrom);
      const command = request.input.command ?? null;
      this.deps.wiring.keepPrivate(
        draft.id,
        {
          env: { ...inherited?.env, ...request.input.env },
          command: realCommandLine(command, command, inherited),
        },
        draft.command,
      );
      const current = this.deps.layouts.current();
      const placement = await this.deps.layouts.placementFor(
        draft,
        { ...current, agents: [...current.agents, ...launched] },
        { split: !batch },
      );
      const { paneId: created, token } = await this.launch(draft, placement);
      paneId = created;
      const agent = { ...draft, paneId };
      launched.push(agent);
      await decoratePane(agent, this.deps.backend, this.deps.status).catch(async (error: unknown) => {
        // A program that ended at once can take its pane with it: the agent is recorded all the same (exited).
        if ((await this.deps.backend.listPanes()).some((p) => p.id === agent.paneId && p.alive)) throw error;
      });
      this.deps.repository.insertAgent(agent);
      launched.splice(launched.indexOf(agent), 1);
      return { agent, token };
    } catch (error) {
      const inFlight = launched.findIndex((a) => a.id === draft.id);
      if (inFlight >= 0) launched.splice(inFlight, 1);
      this.deps.tokens.revokeAll(draft.id);
      this.deps.wiring.forget(draft.id);
      // Swallowed on purpose: cleanup after a failed spawn: the spawn's own error is what the caller gets; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      if (paneId) await this.deps.backend.closePane(paneId).catch(() => undefined);
      // Swallowed on purpose: cleanup after a failed spawn: the spawn's own error is what the caller gets; a worktree left behind is listed by git and harmless.
      if (draft.worktree)
        await removeAgentWorktree(this.deps, { ...draft, worktree: draft.worktree }).catch(() => undefined);
      return { error: error as Error };
    }
  }
}

/** A new agent record (a fresh id, the command line redacted) from what the caller asked for and where it goes. */
export function newAgent(
  input: {
    name: string;
    kind: Agent['kind'];
    command?: string | undefined;
    role: string;
    host?: string | undefined;
  },
  placed: Pick<Agent, 'cwd' | 'teamId' | 'state' | 'paneId' | 'position' | 'worktree'>,
  now: string,
): Agent {
  return {
    id: `agent-${randomUUID()}`,
    name: input.name,
    kind: input.kind,
    command: input.command === undefined ? null : redactSecrets(input.command),
    role: input.role,
    stateSince: now,
    createdAt: now,
    ...(input.host === undefined ? {} : { host: input.host }),
    ...placed,
  };
}

/** A role the catalog has: an unknown one (a typo, `worker`) was taken, and its agent ran as `custom`. */
export function requireKnownRole(deps: Pick<FleetDeps, 'knownRole'>, role: string): void {
  if (deps.knownRole && !deps.knownRole(role))
    throw new SwitchboardError('not_found', `No role "${role}"`, { hint: 'role.list shows the catalog.' });
}

function isFolder(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
