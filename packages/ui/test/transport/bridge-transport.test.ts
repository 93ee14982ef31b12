import { describe, expect, it } from 'vitest';
import { SwitchboardError, createClient } from '@switchboard/protocol';
import {
  createBridgeTransport,
  findBridge,
  type SwitchboardBridge,
} from '../../src/transport/bridge-transport';

function fakeBridge(
  answer: (name: string, input: unknown) => unknown,
): SwitchboardBridge & { emit(event: unknown): void } {
  const listeners = new Set<(event: unknown) => void>();
  return {
    invoke: async (name, input) => answer(name, input),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event) => listeners.forEach((l) => l(event)),
  };
}

describe('the desktop bridge transport', () => {
  it('is found only when window.switchboard has invoke and subscribe', () => {
    const bridge = fakeBridge(() => undefined);
    expect(findBridge({ switchboard: bridge })).toBe(bridge);
    expect(findBridge({})).toBeUndefined();
    expect(findBridge({ switchboard: { invoke: () => undefined } })).toBeUndefined();
  });

  it('unwraps wire results, turns wire errors into SwitchboardError, and refuses odd shapes', async () => {
    const transport = createBridgeTransport(
      fakeBridge((name) => {
        if (name === 'agent.list') return { type: 'result', id: 1, ok: true, output: { agents: [] } };
        if (name === 'agent.close')
          return { type: 'result', id: 2, ok: false, error: { code: 'not_found', message: 'No agent "x"' } };
        return 'garbage';
      }),
    );
    await expect(transport.invoke('agent.list', {})).resolves.toEqual({ agents: [] });
    const error = await transport.invoke('agent.close', { agent: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwitchboardError);
    expect((error as SwitchboardError).code).toBe('not_found');
    await expect(transport.invoke('fleet.snapshot', {})).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers only events that match the contract, until unsubscribed', () => {
    const bridge = fakeBridge(() => undefined);
    const client = createClient(createBridgeTransport(bridge));
    const seen: string[] = [];
    const stop = client.onEvent((event) => seen.push(event.type));
    bridge.emit({ type: 'team.deleted', teamId: 't1', sequence: 1, at: '2026-01-01T00:00:00.000Z' });
    bridge.emit({ type: 'made.up', sequence: 2, at: '2026-01-01T00:00:00.000Z' });
    stop();
    bridge.emit({ type: 'team.deleted', teamId: 't2', sequence: 3, at: '2026-01-01T00:00:00.000Z' });
    expect(seen).toEqual(['team.deleted']);
  });
});
