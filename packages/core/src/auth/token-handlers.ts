import type { HandlerMap } from '../dispatch/handler';
import type { FleetService } from '../fleet/fleet-service';
import type { AgentTokens } from './agent-tokens';

export function tokenHandlers(
  fleet: FleetService,
  tokens: AgentTokens,
): HandlerMap<'agent.issueToken' | 'agent.revokeTokens'> {
  return {
    'agent.issueToken': (input) => {
      const agent = fleet.requireAgent(input.agent);
      if (input.replace) tokens.revokeConfigTokens(agent.id);
      return { agentId: agent.id, token: tokens.issue(agent.id, 'config') };
    },
    'agent.revokeTokens': (input) => {
      const agent = fleet.requireAgent(input.agent);
      return { agentId: agent.id, revoked: tokens.revokeAll(agent.id) };
    },
  };
}
