import { z } from 'zod';
import { AgentKind } from './agent';
import { CliArguments, FileTemplateSpec, InitialTask, ModelName, WorktreeSpec } from './agent-spec';
import { AgentName, Name } from './ids';

/** At most this many agents in one fleet file (counts added up). */
export const MAX_FLEET_FILE_AGENTS = 200;

/** A folder in a fleet file: absolute, or relative to the file's own folder. */
const FleetPath = z.string().min(1).max(4096);

/**
 * One line of agents: a template (from the file or saved) and/or fields of its own, `count` times.
 * Names: `name` (default: the template's), with `-1` … `-n` appended when `count` > 1.
 */
export const FleetAgentEntry = z
  .strictObject({
    name: AgentName.optional(),
    template: Name.optional().describe('a template of this file, else a saved one'),
    count: z.number().int().min(1).max(50).default(1),
    kind: AgentKind.optional(),
    command: z.string().min(1).max(4096).optional(),
    role: z.string().min(1).max(64).optional(),
    model: ModelName.optional(),
    args: CliArguments.optional(),
    task: InitialTask.optional(),
    cwd: FleetPath.optional(),
    worktree: WorktreeSpec.optional(),
  })
  .refine((entry) => entry.name !== undefined || entry.template !== undefined, {
    message: 'give a name, a template, or both',
  });
export type FleetAgentEntry = z.infer<typeof FleetAgentEntry>;

export const FleetTeamEntry = z.strictObject({
  name: Name,
  parent: Name.optional().describe('the parent team (earlier in the file, or existing)'),
  agents: z.array(FleetAgentEntry).max(MAX_FLEET_FILE_AGENTS).default([]),
});
export type FleetTeamEntry = z.infer<typeof FleetTeamEntry>;

/**
 * A fleet file (YAML or JSON), like a compose file: teams, templates and counts. Applying it creates
 * what is missing and leaves what exists alone, so applying it again changes nothing.
 */
export const FleetFile = z
  .strictObject({
    version: z.literal(1),
    description: z.string().max(1000).optional(),
    cwd: FleetPath.optional().describe('the working folder of agents that name none'),
    templates: z.record(Name, FileTemplateSpec).default({}).describe('templates of this file, by name'),
    teams: z.array(FleetTeamEntry).max(100).default([]),
    agents: z.array(FleetAgentEntry).max(MAX_FLEET_FILE_AGENTS).default([]).describe('agents without a team'),
  })
  .refine(
    (file) =>
      [...file.agents, ...file.teams.flatMap((t) => t.agents)].reduce((sum, entry) => sum + entry.count, 0) <=
      MAX_FLEET_FILE_AGENTS,
    { message: `at most ${MAX_FLEET_FILE_AGENTS} agents in one fleet file` },
  );
export type FleetFile = z.infer<typeof FleetFile>;
