import type { HandlerMap } from '../dispatch/handler';
import type { TerminalStatus } from './terminal-status';

export function terminalStatusHandlers(
  status: TerminalStatus,
): HandlerMap<'terminal.configure' | 'terminal.status'> {
  return {
    'terminal.configure': (input) => status.configure(input),
    'terminal.status': (input) => status.describe(input.agent),
  };
}
