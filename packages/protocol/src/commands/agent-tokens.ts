import { z } from 'zod';
import { AgentRef, Id } from '../model/ids';
import { defineCommand } from './define';

/** Human-only: agent tokens are stored hashed, so a config for an agent needs a freshly issued one. */
export const agentTokenCommands = {
  'agent.issueToken': defineCommand({
    description: 'Issue an additional MCP token for an agent (for `switchboard mcp-config`); older tokens stay valid until revoked.',
    input: z.strictObject({ agent: AgentRef }),
    output: z.object({ agentId: Id, token: z.string() }),
    callers: ['human'],
  }),
  'agent.revokeTokens': defineCommand({
    description: 'Revoke every MCP token of an agent; its open MCP sessions stop working at once.',
    input: z.strictObject({ agent: AgentRef }),
    output: z.object({ agentId: Id, revoked: z.number().int().nonnegative() }),
    callers: ['human'],
  }),
} as const;
