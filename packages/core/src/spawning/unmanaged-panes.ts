import type { UnmanagedSession } from '@switchboard/protocol';
import type { FleetRepository } from '../fleet/fleet-repository';
import type { TerminalBackend } from '../ports/terminal-backend';

/**
 * Live panes no open agent owns, with what they run and where (iTerm2's `jobName` and `path` session
 * variables; unknown on terminals that do not say). These are what `agent.adopt` can take over.
 */
export async function unmanagedSessions(
  backend: TerminalBackend,
  repository: FleetRepository,
): Promise<UnmanagedSession[]> {
  const owned = new Set(
    repository.listAgents().flatMap((agent) => (agent.paneId === null ? [] : [agent.paneId])),
  );
  const panes = (await backend.listPanes()).filter((pane) => pane.alive && !owned.has(pane.id));
  // A variable that cannot be read (the pane closed meanwhile, a terminal that does not say) is shown as unknown.
  const variable = (paneId: string, name: string) =>
    backend.getVariable(paneId, name).then(
      (value) => value || null,
      () => null,
    );
  return Promise.all(
    panes.map(async (pane) => ({
      pane: pane.id,
      title: pane.title,
      command: await variable(pane.id, 'jobName'),
      cwd: await variable(pane.id, 'path'),
    })),
  );
}
