import { z } from 'zod';
import { AgentRef, TeamRef } from '../model/ids';
import { RoleName } from '../model/message';
import {
  TerminalAppearance,
  TerminalStatusSettings,
  TerminalStatusStylePatch,
} from '../model/terminal-status';
import { defineCommand } from './define';

const MAX_OVERRIDES = 200;
const overrides = <K extends z.ZodString>(key: K) =>
  z
    .record(key, TerminalStatusStylePatch.nullable())
    .refine((map) => Object.keys(map).length <= MAX_OVERRIDES, `at most ${MAX_OVERRIDES} at once`);

/** Only the fields given change; `null` for a team or role removes its override. */
export const ConfigureTerminalStatusInput = z.strictObject({
  default: TerminalStatusStylePatch.optional(),
  teams: overrides(TeamRef).optional().describe('by team id or name'),
  roles: overrides(RoleName).optional().describe('by role name'),
});

export const terminalStatusCommands = {
  'terminal.configure': defineCommand({
    description:
      'How agents show in their terminal panes: tab colour (off, team, state: the team hue toned by state), badge and title formats with {name} {role} {kind} {team} {state} {task} {approvals}; per team and role; {} just reads.',
    input: ConfigureTerminalStatusInput,
    output: TerminalStatusSettings,
    callers: ['human'],
  }),
  'terminal.status': defineCommand({
    description:
      "What an agent's pane shows in the terminal now: title, badge, tab colour, and Switchboard's status-bar components.",
    input: z.strictObject({ agent: AgentRef }),
    output: TerminalAppearance,
    callers: ['human'],
  }),
} as const;
