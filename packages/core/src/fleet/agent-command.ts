import type { AgentKind } from '@switchboard/protocol';

/** The command line a pane runs for an agent kind; `undefined` means the backend's default shell. */
export function agentCommandLine(kind: AgentKind, command: string | null): string | undefined {
  switch (kind) {
    case 'shell':
      return command ?? undefined;
    case 'custom':
      return command ?? undefined;
    default:
      return command ?? kind;
  }
}
