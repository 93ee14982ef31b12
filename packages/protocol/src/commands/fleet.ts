import { z } from 'zod';
import { Agent, AgentKind } from '../model/agent';
import { FleetSnapshot } from '../model/fleet';
import { AgentRef, Id, Name, TeamRef } from '../model/ids';
import { Team } from '../model/team';
import { defineCommand } from './define';

export const SpawnAgentInput = z
  .strictObject({
    name: Name.describe('unique name, e.g. "builder-1"'),
    kind: AgentKind.default('shell'),
    command: z.string().min(1).max(4096).optional().describe('the command line; required for kind "custom"'),
    cwd: z.string().min(1).max(4096).optional().describe('absolute working directory'),
    team: TeamRef.optional().describe('team id or name'),
    role: z.string().min(1).max(64).default('custom'),
  })
  .refine((input) => input.kind !== 'custom' || input.command !== undefined, {
    message: 'kind "custom" needs a command',
    path: ['command'],
  });

export const fleetCommands = {
  'fleet.snapshot': defineCommand({
    description: 'The whole fleet: every agent and team, and the event sequence it reflects.',
    input: z.strictObject({}),
    output: FleetSnapshot,
    callers: ['human'],
  }),
  'agent.spawn': defineCommand({
    description: 'Start a new agent (a CLI in a new pane) and put it in a team.',
    input: SpawnAgentInput,
    output: Agent,
    callers: ['human', 'agent'],
  }),
  'agent.list': defineCommand({
    description: 'List the agents, optionally only those of one team.',
    input: z.strictObject({ team: TeamRef.optional() }),
    output: z.object({ agents: z.array(Agent) }),
    callers: ['human', 'agent'],
  }),
  'agent.close': defineCommand({
    description: 'Close an agent and its pane.',
    input: z.strictObject({ agent: AgentRef }),
    output: z.object({ agentId: Id }),
    callers: ['human'],
  }),
  'team.create': defineCommand({
    description: 'Create a team, optionally inside a parent team.',
    input: z.strictObject({ name: Name, parent: TeamRef.optional() }),
    output: Team,
    callers: ['human'],
  }),
} as const;
