import { z } from 'zod';
import { AgentRef, Id } from '../model/ids';
import { defineCommand } from './define';

/** Human-only: agent tokens are stored hashed, so a config for an agent needs a freshly issued one. */
export const agentTokenCommands = {
  'agent.issueToken': defineCommand({
    description:
      'Issue an additional MCP token for an agent (for `switchboard mcp-config`); the token its launcher holds stays valid.',
    input: z.strictObject({
      agent: AgentRef,
      replace: z
        .boolean()
        .default(false)
        .describe(
          'revoke the tokens earlier agent.issueToken calls gave this agent (never the one its launcher holds)',
        ),
    }),
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
