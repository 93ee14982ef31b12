import { z } from 'zod';
import { Agent } from '../model/agent';
import { AbsolutePath, AgentTemplate, AgentTemplateSpec, InitialTask } from '../model/agent-spec';
import { FleetFile } from '../model/fleet-file';
import { AgentRef, Id, Name, TeamRef } from '../model/ids';
import { defineCommand } from './define';

/** The largest fleet file text `fleet.apply` parses. */
export const MAX_FLEET_SOURCE = 256 * 1024;

const SpawnFailure = z.object({ name: z.string(), error: z.string() });

/** What applying a fleet file did: what it created, what was already there, what failed (and why). */
export const FleetApplyResult = z.object({
  teams: z.object({ created: z.array(z.string()), existing: z.array(z.string()) }),
  agents: z.object({
    spawned: z.array(z.string()),
    existing: z.array(z.string()),
    failed: z.array(SpawnFailure),
  }),
  dryRun: z.boolean(),
});
export type FleetApplyResult = z.infer<typeof FleetApplyResult>;

export const ApplyFleetInput = z
  .strictObject({
    source: z
      .string()
      .min(1)
      .max(MAX_FLEET_SOURCE)
      .optional()
      .describe("the fleet file's text (YAML or JSON)"),
    file: FleetFile.optional().describe('the fleet file, already parsed'),
    baseDir: AbsolutePath.optional().describe(
      "the folder relative `cwd`s in the file are relative to (the file's own)",
    ),
    dryRun: z.boolean().default(false).describe('only say what would be created'),
  })
  .refine((input) => (input.source === undefined) !== (input.file === undefined), {
    message: 'give either `source` or `file`',
  });

/** A pane in the terminal that no agent owns: what `agent.adopt` can take over. */
export const UnmanagedSession = z.object({
  pane: z.string(),
  title: z.string(),
  command: z.string().nullable().describe('the job running in it, when the terminal says'),
  cwd: z.string().nullable().describe('its working folder, when the terminal says'),
});
export type UnmanagedSession = z.infer<typeof UnmanagedSession>;

export const spawningCommands = {
  'template.save': defineCommand({
    description: 'Save an agent template (kind, role, team, folder, model, args, task) to spawn agents from.',
    input: z.strictObject({
      template: AgentTemplateSpec,
      replace: z.boolean().default(false).describe('overwrite a template of that name'),
    }),
    output: AgentTemplate,
    callers: ['human'],
  }),
  'template.list': defineCommand({
    description: 'The saved agent templates, by name.',
    input: z.strictObject({}),
    output: z.object({ templates: z.array(AgentTemplate) }),
    callers: ['human'],
  }),
  'template.delete': defineCommand({
    description: 'Delete a saved agent template (agents spawned from it keep running).',
    input: z.strictObject({ name: Name }),
    output: z.object({ name: z.string() }),
    callers: ['human'],
  }),
  'template.spawn': defineCommand({
    description:
      'Spawn `count` agents from a saved template, named `<prefix>-<n>` with the next free numbers.',
    input: z.strictObject({
      template: Name,
      count: z.number().int().min(1).max(50).default(1),
      namePrefix: Name.optional().describe("default: the template's name"),
      team: TeamRef.optional().describe("default: the template's team"),
      cwd: AbsolutePath.optional().describe("default: the template's folder"),
      task: InitialTask.optional().describe("default: the template's task"),
    }),
    output: z.object({ agents: z.array(Agent), failed: z.array(SpawnFailure) }),
    callers: ['human'],
  }),
  'fleet.apply': defineCommand({
    description:
      'Apply a fleet file (YAML/JSON: teams, templates, counts): creates the teams and agents that are missing, leaves existing ones alone.',
    input: ApplyFleetInput,
    output: FleetApplyResult,
    callers: ['human'],
  }),
  'fleet.demo': defineCommand({
    description:
      'Start the demo fleet: shell agents that message each other, raise an approval and ask for a lock.',
    input: z.strictObject({}),
    output: FleetApplyResult,
    callers: ['human'],
  }),
  'pane.listUnmanaged': defineCommand({
    description:
      'Panes open in the terminal that no agent owns (name, command, folder): candidates for agent.adopt.',
    input: z.strictObject({}),
    output: z.object({ sessions: z.array(UnmanagedSession) }),
    callers: ['human'],
  }),
  'agent.decideTask': defineCommand({
    description:
      "Decide about an agent's first task held because its CLI has not listed Switchboard's tools: type it anyway (without them), or wait for them again.",
    input: z.strictObject({
      agent: AgentRef,
      decision: z
        .enum(['type', 'wait'])
        .describe('`type`: at its next idle prompt, without the tools; `wait`: another full wait'),
    }),
    output: z.object({
      agentId: Id,
      state: z.enum(['pending', 'held', 'typing', 'submitted', 'unconfirmed', 'failed']),
    }),
    callers: ['human'],
  }),
  'folder.listRecent': defineCommand({
    description:
      "Working folders agents were spawned in, most recent first (for the spawn form's folder picker).",
    input: z.strictObject({ limit: z.number().int().min(1).max(50).default(10) }),
    output: z.object({ folders: z.array(z.string()) }),
    callers: ['human'],
  }),
} as const;
