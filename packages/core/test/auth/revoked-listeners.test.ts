// Listeners of token revocations ran in a microtask from a bare set: a throw was an uncaught exception (the host's
// end) and the listeners after it (dropping the agent's connections) never ran. MCP presence's listeners likewise.
import { expect, it } from 'vitest';
import { AgentTokens } from '../../src/auth/agent-tokens';
import { tokenMigrations } from '../../src/auth/token-migrations';
import { EventBus } from '../../src/events/event-bus';
import { createMemoryLogger } from '../../src/ports/logger';
import { McpPresence } from '../../src/spawning/mcp-presence';
import { openStore } from '../../src/store/store';
import { eventually, FakeClock } from '../../src/testing/index';

const thrown = (logger: ReturnType<typeof createMemoryLogger>) =>
  logger.records.filter((r) => r.message === 'a listener threw');

it('a revocation listener that throws is logged with the agent; the next listener still hears', async () => {
  const logger = createMemoryLogger();
  const tokens = new AgentTokens(
    openStore(':memory:', [tokenMigrations]),
    () => new Date(0).toISOString(),
    logger,
  );
  tokens.onRevoked(() => {
    throw new Error('dropping connections broke');
  });
  const heard: string[] = [];
  tokens.onRevoked((agentId) => heard.push(agentId));
  tokens.issue('agent-a');
  tokens.revokeAll('agent-a');
  await eventually(() => heard.length === 1);
  expect(heard).toEqual(['agent-a']);
  expect(thrown(logger)).toMatchObject([
    { level: 'error', component: 'tokens', event: 'tokens.revoked', agent: 'agent-a' },
  ]);
});

it('an MCP presence listener that throws is logged with the agent; the next listener still hears', () => {
  const logger = createMemoryLogger();
  const presence = new McpPresence(
    new EventBus(new FakeClock()),
    undefined,
    () => 'pane-1',
    undefined,
    logger,
  );
  presence.onMarked(() => {
    throw new Error('a waiting first task broke');
  });
  const marked: string[] = [];
  presence.onMarked((agentId) => marked.push(agentId));
  presence.mark('agent-a');
  expect(marked).toEqual(['agent-a']);
  expect(thrown(logger)).toMatchObject([
    { level: 'error', component: 'mcp-presence', event: 'mcp.marked', agent: 'agent-a' },
  ]);
  presence.close();
});
