// The direct answer to a tool call serializes the tool's output once and uses that text for both the text
// content and the structured content: the bytes must be exactly what JSON.stringify of the SDK path's result
// gives (successes with awkward text, tool errors, string and number ids).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import type { Caller } from '@switchboard/protocol';
import { toolCallAnswer } from '../src/direct-tool-call';
import { callTool } from '../src/index';

let orchestrator: Orchestrator;
const callers: Record<string, Caller> = {};

beforeAll(async () => {
  orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  for (const name of ['alpha', 'beta']) {
    const { agent } = await orchestrator.fleet.spawn({ name, kind: 'shell', role: 'builder' });
    callers[name] = { kind: 'agent', id: agent.id };
  }
});
afterAll(() => orchestrator.close());

describe('toolCallAnswer', () => {
  it('gives the bytes JSON.stringify gives for the SDK path’s result, whatever the output holds', async () => {
    const body =
      'quotes " and \\ backslash, a newline\n, a tab\t, unicode é ✓ 😀, a lone \u2028 separator, </script>';
    const sent = await toolCallAnswer(orchestrator, callers['alpha']!, {
      id: 7,
      name: 'message_send',
      args: { to: { agent: 'beta' }, body, typeIntoPane: 'never' },
    });
    const sentResult = (JSON.parse(sent) as { result: { structuredContent: { id: string } } }).result;
    expect(sent).toBe(JSON.stringify({ jsonrpc: '2.0', id: 7, result: sentResult }));
    expect(sentResult).toEqual({
      content: [{ type: 'text', text: JSON.stringify(sentResult.structuredContent) }],
      structuredContent: sentResult.structuredContent,
    });

    // A read: compare with callTool on the same state (peek changes nothing).
    const peek = { name: 'message_peek', args: {} };
    const direct = await toolCallAnswer(orchestrator, callers['beta']!, { id: 'req-1', ...peek });
    const viaSdk = await callTool(orchestrator, callers['beta']!, peek.name, peek.args);
    expect(direct).toBe(JSON.stringify({ jsonrpc: '2.0', id: 'req-1', result: viaSdk }));
    expect(direct).toContain(JSON.stringify(JSON.stringify(body)).slice(1, -1));
  });

  it('gives the same bytes for tool errors (bad input, unknown tool)', async () => {
    for (const call of [
      { name: 'message_send', args: { to: { agent: 'nobody' }, body: 'x' } },
      { name: 'message_send', args: { body: 42 } },
      { name: 'no_such_tool', args: undefined },
    ]) {
      const direct = await toolCallAnswer(orchestrator, callers['alpha']!, { id: 1, ...call });
      const viaSdk = await callTool(orchestrator, callers['alpha']!, call.name, call.args);
      expect(viaSdk.isError).toBe(true);
      expect(direct).toBe(JSON.stringify({ jsonrpc: '2.0', id: 1, result: viaSdk }));
    }
  });
});
