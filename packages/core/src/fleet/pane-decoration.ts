import type { Agent } from '@switchboard/protocol';
import type { TerminalBackend } from '../ports/terminal-backend';
import type { FleetRepository } from './fleet-repository';

/** The user variable that binds a pane to its agent (survives host restarts; never holds a secret). */
export const AGENT_VARIABLE = 'user.switchboardAgent';

/** The badge iTerm2 draws over an agent's pane: name, role and state (never a secret). */
export const badgeFor = (agent: Agent) => `${agent.name}\n${agent.role} · ${agent.state}`;

/** Binds the pane to its agent and shows who is in it: title, badge, the team's tab colour. */
export async function decoratePane(
  agent: Agent,
  backend: TerminalBackend,
  repository: FleetRepository,
): Promise<void> {
  if (!agent.paneId) return;
  const team = agent.teamId === null ? undefined : repository.findTeam(agent.teamId);
  await backend.setVariable(agent.paneId, AGENT_VARIABLE, agent.id);
  await backend.setAppearance(agent.paneId, {
    title: agent.name,
    badge: badgeFor(agent),
    tabColor: team?.color ?? null,
  });
}
