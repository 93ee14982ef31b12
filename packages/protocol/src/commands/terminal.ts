import { z } from 'zod';
import { TerminalFocus } from '../model/terminal';
import { defineCommand } from './define';

export const terminalCommands = {
  'terminal.getFocus': defineCommand({
    description:
      'The pane that has the keyboard focus in the terminal and the agent it belongs to (null when none or unknown).',
    input: z.strictObject({}),
    output: TerminalFocus,
    callers: ['human'],
  }),
} as const;
