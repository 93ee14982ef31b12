import { HostName } from '../model/host';
import { z } from 'zod';
import { Agent, AgentKind } from '../model/agent';
import { AbsolutePath, agentSpecShape, BranchName, checkAgentSpec, GitRevision } from '../model/agent-spec';
import { FleetSnapshot } from '../model/fleet';
import { AgentName, AgentRef, Id, Name, TeamRef } from '../model/ids';
import { Team } from '../model/team';
import { defineCommand } from './define';

export { AbsolutePath, BranchName, GitRevision };

/** An environment variable name; SWITCHBOARD_* are Switchboard's own (URL, agent, token). */
const EnvName = z
  .string()
  .max(128)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and "_", not starting with a digit')
  .refine(
    (name) => !name.toUpperCase().startsWith('SWITCHBOARD_'),
    'SWITCHBOARD_* variables are set by Switchboard',
  );

export const SpawnAgentInput = z
  .strictObject({
    name: AgentName.describe('unique name, e.g. "builder-1"'),
    ...agentSpecShape,
    cwd: AbsolutePath.optional().describe(
      'absolute working directory (on `host` when given); with `worktree`, the repository to branch from',
    ),
    team: TeamRef.optional().describe('team id or name'),
    env: z
      .record(EnvName, z.string().max(32_768))
      .refine((env) => Object.keys(env).length <= 64, 'at most 64 variables')
      .optional()
      .describe(
        'environment for the CLI (API keys, …): kept only in a 0600 file for the launcher, never stored, shown or logged',
      ),
    worktree: z
      .strictObject({
        branch: BranchName.describe('the new branch to create'),
        base: GitRevision.default('HEAD').describe('what the branch starts from'),
        path: AbsolutePath.optional().describe(
          'where to check it out; default: the data folder (`~/.switchboard/worktrees` on a remote host)',
        ),
      })
      .optional()
      .describe('give the agent its own git worktree on a new branch (made on `host` when given)'),
    host: HostName.optional().describe(
      'a registered remote host (host.list) to run on, in tmux over ssh; this machine when absent',
    ),
  })
  .superRefine(checkAgentSpec)
  .refine((input) => input.worktree === undefined || input.cwd !== undefined, {
    message: 'a worktree needs `cwd`: the repository to branch from',
    path: ['cwd'],
  });

export const MoveAgentInput = z
  .strictObject({
    agent: AgentRef,
    team: TeamRef.nullable().optional().describe('the team to move to; null for no team; absent to stay'),
    position: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe("index among the team's agents; default: last when changing team"),
  })
  .refine((input) => input.team !== undefined || input.position !== undefined, {
    message: 'give a team, a position, or both',
  });

export const MoveTeamInput = z
  .strictObject({
    team: TeamRef,
    parent: TeamRef.nullable().optional().describe('the new parent team; null for top level; absent to stay'),
    position: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('index among its siblings; default: last when changing parent'),
  })
  .refine((input) => input.parent !== undefined || input.position !== undefined, {
    message: 'give a parent, a position, or both',
  });

export const AgentClosed = z.object({
  agentId: Id,
  worktree: z
    .object({ path: z.string(), removed: z.boolean(), reason: z.string().optional() })
    .optional()
    .describe("what happened to the agent's git worktree"),
});

export const fleetCommands = {
  'fleet.snapshot': defineCommand({
    description: 'The whole fleet: every agent and team, and the event sequence it reflects.',
    input: z.strictObject({}),
    output: FleetSnapshot,
    callers: ['human'],
  }),
  'agent.spawn': defineCommand({
    description:
      'Start a new agent (a CLI in a new pane, optionally in its own git worktree) and put it in a team.',
    input: SpawnAgentInput,
    output: Agent,
    callers: ['human', 'agent'],
  }),
  'agent.adopt': defineCommand({
    description:
      'Take over an existing pane as an agent (it keeps running what it runs; no token until restarted).',
    input: z.strictObject({
      pane: z.string().min(1).max(256).describe('the terminal session id of the pane'),
      name: AgentName,
      kind: AgentKind.default('shell'),
      command: z.string().min(1).max(4096).optional().describe('what to run when the agent is restarted'),
      team: TeamRef.optional(),
      role: z.string().min(1).max(64).default('custom'),
    }),
    output: Agent,
    callers: ['human'],
  }),
  'agent.list': defineCommand({
    description: 'List the agents, optionally only those of one team.',
    input: z.strictObject({ team: TeamRef.optional() }),
    output: z.object({ agents: z.array(Agent) }),
    callers: ['human', 'agent'],
  }),
  'agent.close': defineCommand({
    description:
      'Close an agent and its pane; its git worktree is removed unless kept (or unless it has uncommitted work).',
    input: z.strictObject({ agent: AgentRef, keepWorktree: z.boolean().default(false) }),
    output: AgentClosed,
    callers: ['human'],
  }),
  'agent.restart': defineCommand({
    description:
      'Restart an agent in a fresh pane at the same place (also respawns a `lost` agent); it gets a new token. Claude Code resumes the conversation Switchboard recorded for this agent unless `resume` is false.',
    input: z.strictObject({
      agent: AgentRef,
      resume: z
        .boolean()
        .default(true)
        .describe(
          "resume the agent's own conversation (Claude Code: --resume with the session id its hooks reported); false: a fresh one",
        ),
    }),
    output: Agent,
    callers: ['human'],
  }),
  'fleet.restore': defineCommand({
    description:
      "Restore the fleet after the terminal went away (iTerm2 quit, a reboot): every `lost` agent is started again in a fresh pane at its place in its team's layout, resuming its own conversation where its CLI can (the session id Switchboard recorded). Agents whose program ended (`exited`) stay as they are unless includeExited. One failure does not stop the others.",
    input: z.strictObject({
      resume: z.boolean().default(true).describe("resume each agent's own conversation; false: fresh ones"),
      includeExited: z
        .boolean()
        .default(false)
        .describe(
          'also start again the `exited` agents with no pane left (their program ended: finished or crashed)',
        ),
    }),
    output: z.object({
      restored: z.array(Agent),
      failed: z.array(z.object({ agentId: Id, name: z.string(), message: z.string() })),
    }),
    callers: ['human'],
  }),
  'agent.rename': defineCommand({
    description: 'Rename an agent; its title and badge follow.',
    input: z.strictObject({ agent: AgentRef, name: AgentName }),
    output: Agent,
    callers: ['human'],
  }),
  'agent.move': defineCommand({
    description: 'Move an agent to another team and/or position; its live pane is moved, never restarted.',
    input: MoveAgentInput,
    output: Agent,
    callers: ['human'],
  }),
  'team.create': defineCommand({
    description: 'Create a team, optionally inside a parent team.',
    input: z.strictObject({ name: Name, parent: TeamRef.optional() }),
    output: Team,
    callers: ['human'],
  }),
  'team.rename': defineCommand({
    description: 'Rename a team.',
    input: z.strictObject({ team: TeamRef, name: Name }),
    output: Team,
    callers: ['human'],
  }),
  'team.delete': defineCommand({
    description: 'Delete a team that has no agents and no sub-teams.',
    input: z.strictObject({ team: TeamRef }),
    output: z.object({ teamId: Id }),
    callers: ['human'],
  }),
  'team.move': defineCommand({
    description: 'Move a team under another parent and/or to another position; panes follow, none restarts.',
    input: MoveTeamInput,
    output: Team,
    callers: ['human'],
  }),
} as const;
