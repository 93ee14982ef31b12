import { z } from 'zod';
import { AgentRef, TeamRef } from '../model/ids';
import { BroadcastDomain, TerminalFocus } from '../model/terminal';
import { defineCommand } from './define';

/** Whose panes: a team (with its sub-teams) or a selection of agents. */
const PaneGroup = {
  team: TeamRef.optional().describe('every agent of this team and its sub-teams'),
  agents: z.array(AgentRef).min(1).max(100).optional().describe('these agents'),
};
const Domains = z.object({ domains: z.array(BroadcastDomain) });

export const terminalCommands = {
  'terminal.getFocus': defineCommand({
    description:
      'The pane that has the keyboard focus in the terminal and the agent it belongs to (null when none or unknown).',
    input: z.strictObject({}),
    output: TerminalFocus,
    callers: ['human'],
  }),
  'broadcast.list': defineCommand({
    description:
      "The terminal's broadcast domains: panes whose typed input goes to all of them, and their agents.",
    input: z.strictObject({}),
    output: Domains,
    callers: ['human'],
  }),
  'broadcast.create': defineCommand({
    description:
      "Group the agents' panes (a team, or a selection) into a broadcast domain, so typing into one of them in the terminal types into all; one domain per window (iTerm2 broadcasts within a window). The panes leave any domain they were in.",
    input: z.strictObject(PaneGroup).refine((i) => (i.team === undefined) !== (i.agents === undefined), {
      message: 'name a team or agents',
    }),
    output: Domains.describe('the domains made'),
    callers: ['human'],
  }),
  'broadcast.remove': defineCommand({
    description:
      "Take the agents' panes (a team, a selection) out of their broadcast domains, or end every domain (`all`); a domain left with one pane ends.",
    input: z
      .strictObject({ ...PaneGroup, all: z.literal(true).optional() })
      .refine((i) => [i.team, i.agents, i.all].filter((v) => v !== undefined).length === 1, {
        message: 'name a team, agents, or all: true',
      }),
    output: Domains.describe('the domains left'),
    callers: ['human'],
  }),
} as const;
