import { z } from 'zod';
import { Id } from '../model/ids';
import { defineEvent } from './define';

export const terminalStatusEvents = [
  /** The person clicked Switchboard's status-bar component in an agent's pane (iTerm2): the UI opens that agent. */
  defineEvent('terminal.status_clicked', { agentId: Id, paneId: z.string() }),
] as const;
