import type { Agent } from '@switchboard/protocol';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { TerminalStatus } from '../terminal-status/terminal-status';

/** The user variable that binds a pane to its agent (survives host restarts; never holds a secret). */
export const AGENT_VARIABLE = 'user.switchboardAgent';

/** Binds a new (or restarted) pane to its agent and shows who is in it: title, badge, tab colour (its terminal-status style). */
export async function decoratePane(
  agent: Agent,
  backend: TerminalBackend,
  status: TerminalStatus,
): Promise<void> {
  if (!agent.paneId) return;
  await backend.setVariable(agent.paneId, AGENT_VARIABLE, agent.id);
  await status.decorate(agent);
}
