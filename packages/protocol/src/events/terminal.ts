import { z } from 'zod';
import { UnmanagedSession } from '../commands/spawning';
import { BroadcastDomain, TerminalFocus } from '../model/terminal';
import { defineEvent } from './define';

export const terminalEvents = [
  /** The keyboard focus moved to another pane in the terminal (the person clicked a pane, a tab, a window). */
  defineEvent('terminal.focused', { focus: TerminalFocus }),
  /** The panes no agent owns changed (one opened or closed in the terminal, adopted, spawned into): the whole list. */
  defineEvent('terminal.unmanaged_changed', { sessions: z.array(UnmanagedSession) }),
  /** The terminal's broadcast domains changed (from Switchboard, or the person's own in the terminal). */
  defineEvent('broadcast.domains_changed', { domains: z.array(BroadcastDomain) }),
] as const;
