import type { AgentKind } from '@switchboard/protocol';

/** The command line the launcher runs for an agent kind; `null` means the user's login shell. */
export function agentCommandLine(kind: AgentKind, command: string | null): string | null {
  switch (kind) {
    case 'shell':
    case 'custom':
      return command;
    default:
      return command ?? kind;
  }
}
