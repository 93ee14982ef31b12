import { SpawnAgentInput, SwitchboardError } from '@switchboard/protocol';
import type { Agent, AgentTemplate, CommandInput, ParsedInput } from '@switchboard/protocol';
import type { FleetService } from '../fleet/fleet-service';
import type { Store } from '../store/store';
import type { InitialTasks } from './initial-tasks';
import { commandWithOptions } from './spawn-command-line';
import type { TemplateStore } from './template-store';

export interface SpawnFailure { name: string; error: string }

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
    ...(template.worktree === undefined ? {} : { worktree: { branch: `switchboard/${name}`, base: template.worktree.base } }),
  };
}

/** Parses a spawn input with the contract (typed error, nothing changed, when it does not hold). */
export function parseSpawnInput(input: CommandInput<'agent.spawn'>): ParsedInput<'agent.spawn'> {
  const parsed = SpawnAgentInput.safeParse(input);
  if (!parsed.success) {
    const why = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
    throw new SwitchboardError('invalid_input', `Agent "${String(input.name)}": ${why}`);
  }
  return parsed.data;
}

/**
 * Spawning as people do it: model and extra arguments on the CLI's command line, an initial task typed
 * once the CLI is ready, agents from saved templates (several at a time), and the folders recently used.
 */
export class SpawnService {
  constructor(private readonly deps: { fleet: FleetService; templates: TemplateStore; tasks: InitialTasks; store: Store }) {}

  async spawn(input: ParsedInput<'agent.spawn'>): Promise<Agent> {
    const command = commandWithOptions(input);
    const { agent } = await this.deps.fleet.spawn({ ...input, ...(command === undefined ? {} : { command }) });
    if (input.task !== undefined) this.deps.tasks.add(agent, input.task);
    return agent;
  }

  /** `count` agents from a template, named `<prefix>-<n>` with the lowest numbers not in use. */
  async spawnFromTemplate(input: ParsedInput<'template.spawn'>): Promise<{ agents: Agent[]; failed: SpawnFailure[] }> {
    const template = this.deps.templates.require(input.template);
    const prefix = input.namePrefix ?? template.name;
    const names = this.freeNames(prefix, input.count);
    const inputs = names.map((name) => parseSpawnInput(spawnInputFromTemplate(template, name, input)));
    const agents: Agent[] = [];
    const failed: SpawnFailure[] = [];
    for (const spawnInput of inputs) {
      try {
        agents.push(await this.spawn(spawnInput));
      } catch (error) {
        failed.push({ name: spawnInput.name, error: (error as Error).message });
      }
    }
    return { agents, failed };
  }

  /** Working folders agents were spawned in (worktrees count as their repository), newest first. */
  recentFolders(limit: number): string[] {
    const rows = this.deps.store.db
      .prepare<[number], { folder: string }>(
        `SELECT COALESCE(worktree_repository, cwd) AS folder FROM agents WHERE COALESCE(worktree_repository, cwd) IS NOT NULL
         GROUP BY folder ORDER BY max(rowid) DESC LIMIT ?`,
      )
      .all(limit);
    return rows.map((row) => row.folder);
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
