import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SwitchboardError, commandNames, commands, createClient, humanCaller } from '../src/index';
import type { Api, SwitchboardEvent } from '../src/index';
import { createLinkedTransport } from '../src/testing/index';

/** A tiny Api fake: records calls, answers from a table. */
function fakeApi(
  answers: Record<string, unknown>,
): Api & { calls: unknown[][]; emit(e: SwitchboardEvent): void } {
  const listeners = new Set<(e: SwitchboardEvent) => void>();
  const calls: unknown[][] = [];
  return {
    calls,
    async invoke(caller, name, input) {
      calls.push([caller, name, input]);
      if (!(name in answers)) throw new SwitchboardError('not_found', `no ${name}`);
      return answers[name];
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (e) => listeners.forEach((l) => l(e)),
  };
}

describe('createClient', () => {
  it('refuses bad input before it reaches the transport, naming the field', async () => {
    const api = fakeApi({});
    const client = createClient(createLinkedTransport(api, humanCaller));
    const error = await client.call('agent.spawn', { name: 'has space' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwitchboardError);
    expect((error as SwitchboardError).code).toBe('invalid_input');
    expect((error as SwitchboardError).message).toContain('name');
    expect(api.calls).toHaveLength(0);
  });

  it('requires a command line for custom agents', async () => {
    const client = createClient(createLinkedTransport(fakeApi({}), humanCaller));
    await expect(client.call('agent.spawn', { name: 'x', kind: 'custom' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('passes the caller fixed by the transport and returns parsed output', async () => {
    const api = fakeApi({
      'team.create': {
        id: 't1',
        name: 'web',
        parentId: null,
        color: '#112233',
        position: 0,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    });
    const client = createClient(createLinkedTransport(api, { kind: 'agent', id: 'a1' }));
    const team = await client.call('team.create', { name: 'web' });
    expect(team.name).toBe('web');
    expect(api.calls[0]).toEqual([{ kind: 'agent', id: 'a1' }, 'team.create', { name: 'web' }]);
  });

  it('turns a host answer of the wrong shape into an internal error', async () => {
    const client = createClient(
      createLinkedTransport(fakeApi({ 'agent.list': { agents: 'nope' } }), humanCaller),
    );
    await expect(client.call('agent.list', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('carries typed errors across the transport', async () => {
    const client = createClient(createLinkedTransport(fakeApi({}), humanCaller));
    await expect(client.call('agent.list', {})).rejects.toMatchObject({
      code: 'not_found',
      message: 'no agent.list',
    });
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const api = fakeApi({});
    const client = createClient(createLinkedTransport(api, humanCaller));
    const seen: string[] = [];
    const stop = client.onEvent((e) => seen.push(e.type));
    api.emit({ type: 'team.deleted', teamId: 't', sequence: 1, at: 'now' });
    stop();
    api.emit({ type: 'team.deleted', teamId: 't', sequence: 2, at: 'now' });
    expect(seen).toEqual(['team.deleted']);
  });
});

describe('the contract', () => {
  it('names every command noun.verb and gives each an object input schema', () => {
    for (const name of commandNames) {
      expect(name).toMatch(/^[a-z]+\.[a-z][a-zA-Z]*$/);
      const schema = z.toJSONSchema(commands[name].input, { io: 'input', unrepresentable: 'any' }) as {
        type?: string;
      };
      expect(schema.type, name).toBe('object');
      expect(commands[name].callers.length, name).toBeGreaterThan(0);
    }
  });
});

describe('wire messages', () => {
  it('parse every server message kind', async () => {
    const { ServerMessage } = await import('../src/index');
    const samples = [
      { type: 'hello', protocolVersion: 1, caller: { kind: 'human', id: 'human' } },
      { type: 'result', id: 1, ok: true, output: { a: 1 } },
      { type: 'result', id: 1, ok: false, error: { code: 'not_found', message: 'x' } },
      { type: 'event', event: {} },
      { type: 'error', error: { code: 'invalid_input', message: 'x' } },
    ];
    for (const sample of samples) expect(ServerMessage.safeParse(sample).success, sample.type).toBe(true);
    expect(ServerMessage.safeParse({ type: 'result', id: 1, ok: false }).success).toBe(false);
  });
});
