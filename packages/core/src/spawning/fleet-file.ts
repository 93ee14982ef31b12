import { isAbsolute, join } from 'node:path';
import { FleetFile, SwitchboardError } from '@switchboard/protocol';
import type {
  AgentTemplate,
  CommandInput,
  FleetAgentEntry,
  FleetApplyResult,
  ParsedInput,
} from '@switchboard/protocol';
import type { FleetService } from '../fleet/fleet-service';
import { parseSpawnInput, spawnInputFromTemplate, type SpawnService } from './spawn-service';
import type { TemplateStore } from './template-store';

/**
 * Parses a fleet file's text (YAML, of which JSON is a subset) and checks it against the contract. The YAML parser is
 * imported on first use: a host's start does not load it (~15 ms of CPU).
 */
export async function parseFleetSource(source: string): Promise<FleetFile> {
  const { parseDocument } = await import('yaml');
  const document = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  const notYaml = (why: string) =>
    new SwitchboardError('invalid_input', `The fleet file is not valid YAML: ${why}`);
  if (document.errors.length > 0) throw notYaml(document.errors.map((e) => e.message).join('; '));
  let value: unknown;
  try {
    // Aliases are counted so a "billion laughs" file cannot blow up into gigabytes.
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw notYaml((error as Error).message);
  }
  return checkFleetFile(value);
}

export function checkFleetFile(value: unknown): FleetFile {
  const parsed = FleetFile.safeParse(value);
  if (!parsed.success) {
    const why = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`)
      .join('; ');
    throw new SwitchboardError('invalid_input', `The fleet file does not match the schema: ${why}`, {
      hint: 'docs/fleet.md describes fleet files.',
    });
  }
  return parsed.data;
}

/** One agent the file asks for, ready to spawn. */
interface DesiredAgent {
  team: string | undefined;
  input: ParsedInput<'agent.spawn'>;
}

type TemplateBody = Omit<AgentTemplate, 'name' | 'updatedAt'>;

/**
 * Applies a fleet file like a compose file: teams and agents (by name) that exist are left alone, the
 * missing ones are created, so applying the same file twice changes nothing the second time. Every
 * entry is checked before anything changes; an agent that fails to start is reported and the rest go on.
 */
export async function applyFleetFile(
  file: FleetFile,
  options: { baseDir?: string | undefined; dryRun: boolean },
  deps: { fleet: FleetService; spawning: SpawnService; templates: TemplateStore },
): Promise<FleetApplyResult> {
  const desired = desiredAgents(file, options.baseDir, deps.templates);
  const knownTeams = new Set(deps.fleet.repository.listTeams().map((t) => t.name));
  for (const team of file.teams) {
    if (team.parent !== undefined && !knownTeams.has(team.parent)) {
      throw new SwitchboardError(
        'invalid_input',
        `Team "${team.name}": its parent "${team.parent}" is neither earlier in the file nor an existing team`,
      );
    }
    knownTeams.add(team.name);
  }
  const result: FleetApplyResult = {
    teams: { created: [], existing: [] },
    agents: { spawned: [], existing: [], failed: [] },
    dryRun: options.dryRun,
  };
  for (const team of file.teams) {
    if (deps.fleet.repository.findTeam(team.name)) result.teams.existing.push(team.name);
    else {
      if (!options.dryRun)
        await deps.fleet.teams.create({
          name: team.name,
          ...(team.parent === undefined ? {} : { parent: team.parent }),
        });
      result.teams.created.push(team.name);
    }
  }
  const missing: ParsedInput<'agent.spawn'>[] = [];
  for (const { input } of desired) {
    if (deps.fleet.repository.findAgent(input.name)) result.agents.existing.push(input.name);
    else missing.push(input);
  }
  if (options.dryRun) {
    result.agents.spawned.push(...missing.map((input) => input.name));
    return result;
  }
  const { agents, failed } = await deps.spawning.spawnMany(missing);
  result.agents.spawned.push(...agents.map((agent) => agent.name));
  result.agents.failed.push(...failed);
  return result;
}

function desiredAgents(
  file: FleetFile,
  baseDir: string | undefined,
  templates: TemplateStore,
): DesiredAgent[] {
  const resolvePath = (path: string | undefined, where: string): string | undefined => {
    if (path === undefined || isAbsolute(path)) return path;
    if (baseDir === undefined)
      throw new SwitchboardError(
        'invalid_input',
        `${where}: the relative folder "${path}" needs the file's folder (baseDir)`,
      );
    return join(baseDir, path);
  };
  const templateFor = (name: string, where: string): TemplateBody => {
    const local = file.templates[name];
    if (local) return { ...local, cwd: resolvePath(local.cwd, `template "${name}"`) };
    const saved = templates.find(name);
    if (!saved)
      throw new SwitchboardError(
        'invalid_input',
        `${where}: no template "${name}" in the file or among the saved ones`,
      );
    return saved;
  };
  const entries = [
    ...file.agents.map((entry) => ({ entry, team: undefined as string | undefined })),
    ...file.teams.flatMap((team) =>
      team.agents.map((entry) => ({ entry, team: team.name as string | undefined })),
    ),
  ];
  const desired: DesiredAgent[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { entry, team } of entries) {
    const base = entry.name ?? entry.template!;
    const where = `agent "${base}"${team ? ` in team "${team}"` : ''}`;
    try {
      const template = entry.template === undefined ? undefined : templateFor(entry.template, where);
      const names =
        entry.count === 1 ? [base] : Array.from({ length: entry.count }, (_, i) => `${base}-${i + 1}`);
      for (const name of names) {
        if (seen.has(name))
          throw new SwitchboardError(
            'invalid_input',
            `${where}: the name "${name}" appears twice in the file`,
          );
        seen.add(name);
        desired.push({
          team,
          input: parseSpawnInput(
            entryInput(
              entry,
              template,
              name,
              team,
              resolvePath(entry.cwd, where) ?? template?.cwd ?? resolvePath(file.cwd, 'cwd'),
            ),
          ),
        });
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0)
    throw new SwitchboardError(
      'invalid_input',
      `The fleet file has ${problems.length} problem(s): ${problems.join('; ')}`,
    );
  return desired;
}

function entryInput(
  entry: FleetAgentEntry,
  template: TemplateBody | undefined,
  name: string,
  team: string | undefined,
  cwd: string | undefined,
): CommandInput<'agent.spawn'> {
  const fromTemplate = template
    ? spawnInputFromTemplate(template, name, { team, cwd })
    : { name, ...(team === undefined ? {} : { team }), ...(cwd === undefined ? {} : { cwd }) };
  const own = {
    ...(entry.kind === undefined ? {} : { kind: entry.kind }),
    ...(entry.command === undefined ? {} : { command: entry.command }),
    ...(entry.role === undefined ? {} : { role: entry.role }),
    ...(entry.model === undefined ? {} : { model: entry.model }),
    ...(entry.args === undefined ? {} : { args: entry.args }),
    ...(entry.task === undefined ? {} : { task: entry.task }),
    ...(entry.worktree === undefined
      ? {}
      : { worktree: { branch: `switchboard/${name}`, base: entry.worktree.base } }),
  };
  return { ...fromTemplate, ...own };
}
