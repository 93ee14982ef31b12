import { SpawnAgentInput, SwitchboardError } from '@switchboard/protocol';
import type { Agent, AgentTemplate, CommandInput, ParsedInput } from '@switchboard/protocol';
import type { FleetService } from '../fleet/fleet-service';
import type { InitialTasks } from './initial-tasks';
import { commandWithOptions } from './spawn-command-line';
import type { TemplateStore } from './template-store';

export interface SpawnFailure {
  name: string;
  error: string;
}

/** What a template says about one agent, with the caller's overrides: ready for `agent.spawn`. */
export function spawnInputFromTemplate(
  template: Omit<AgentTemplate, 'name' | 'updatedAt'>,
  name: string,
  overrides: { team?: string | undefined; cwd?: string | undefined; task?: string | undefined } = {},
): CommandInput<'agent.spawn'> {
  const cwd = overrides.cwd ?? template.cwd;
  const team = overrides.team ?? template.team;
  const task = overrides.task ?? template.task;
  return {
    name,
    kind: template.kind,
    role: template.role,
    ...(template.command === undefined ? {} : { command: template.command }),
    ...(template.model === undefined ? {} : { model: template.model }),
    ...(template.args === undefined ? {} : { args: template.args }),
    ...(task === undefined ? {} : { task }),
    ...(team === undefined ? {} : { team }),
    ...(cwd === undefined ? {} : { cwd }),
    ...(template.worktree === undefined
      ? {}
      : { worktree: { branch: `switchboard/${name}`, base: template.worktree.base } }),
  };
}

/** The input with its model and extra arguments put on the CLI's command line. */
function withOptions(input: ParsedInput<'agent.spawn'>): ParsedInput<'agent.spawn'> {
  const command = commandWithOptions(input);
  return { ...input, ...(command === undefined ? {} : { command }) };
}

/** Parses a spawn input with the contract (typed error, nothing changed, when it does not hold). */
export function parseSpawnInput(input: CommandInput<'agent.spawn'>): ParsedInput<'agent.spawn'> {
  const parsed = SpawnAgentInput.safeParse(input);
  if (!parsed.success) {
    const why = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
      .join('; ');
    throw new SwitchboardError('invalid_input', `Agent "${String(input.name)}": ${why}`);
  }
  return parsed.data;
}

/**
 * Spawning as people do it: model and extra arguments on the CLI's command line, an initial task typed
 * once the CLI is ready, agents from saved templates (several at a time), and the folders recently used.
 */
export class SpawnService {
  constructor(
    private readonly deps: {
      fleet: FleetService;
      templates: TemplateStore;
      tasks: InitialTasks;
    },
  ) {}

  async spawn(input: ParsedInput<'agent.spawn'>): Promise<Agent> {
    const { agent } = await this.deps.fleet.spawn(withOptions(input));
    if (input.task !== undefined) this.deps.tasks.add(agent, input.task);
    return agent;
  }

  /** Several agents at once (panes created concurrently, bounded); the ones that fail are listed, the others stay. */
  async spawnMany(
    inputs: ParsedInput<'agent.spawn'>[],
  ): Promise<{ agents: Agent[]; failed: SpawnFailure[] }> {
    const outcomes = await this.deps.fleet.spawnMany(inputs.map((input) => ({ input: withOptions(input) })));
    const agents: Agent[] = [];
    const failed: SpawnFailure[] = [];
    for (const [index, outcome] of outcomes.entries()) {
      const input = inputs[index]!;
      if ('error' in outcome) {
        failed.push({ name: input.name, error: outcome.error.message });
        continue;
      }
      if (input.task !== undefined) this.deps.tasks.add(outcome.agent, input.task);
      agents.push(outcome.agent);
    }
    return { agents, failed };
  }

  /** `count` agents from a template, named `<prefix>-<n>` with the lowest numbers not in use. */
  spawnFromTemplate(
    input: ParsedInput<'template.spawn'>,
  ): Promise<{ agents: Agent[]; failed: SpawnFailure[] }> {
    const template = this.deps.templates.require(input.template);
    const prefix = input.namePrefix ?? template.name;
    const names = this.freeNames(prefix, input.count);
    return this.spawnMany(
      names.map((name) => parseSpawnInput(spawnInputFromTemplate(template, name, input))),
    );
  }

  /** Working folders agents were spawned in (worktrees count as their repository), newest first. */
  recentFolders(limit: number): string[] {
    return this.deps.fleet.repository.recentFolders(limit);
  }

  private freeNames(prefix: string, count: number): string[] {
    const names: string[] = [];
    for (let n = 1; names.length < count; n++) {
      const name = `${prefix}-${n}`;
      if (!this.deps.fleet.repository.findAgent(name)) names.push(name);
    }
    return names;
  }
}
