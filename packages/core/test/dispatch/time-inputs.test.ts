import { describe, expect, it } from 'vitest';
import { humanCaller, type SwitchboardError } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';

/**
 * Every time a command takes is checked once, by the contract's IsoTime. Before session 27 there were three ways:
 * message.history's and message.flow's schema, recovery.log's and recording.*'s hand checks in core (Date.parse: 31 February became
 * 3 March, any text Date.parse read was taken), and approval.history's none (`before` went to SQL as it came).
 */
const TIMED: [name: string, input: Record<string, unknown>, field: string][] = [
  ['message.history', {}, 'since'],
  ['message.flow', {}, 'until'],
  ['recovery.log', {}, 'since'],
  ['recovery.log', {}, 'until'],
  ['recording.timeline', { agents: ['alpha'] }, 'from'],
  ['recording.frames', { agent: 'alpha' }, 'to'],
  ['recording.export', { agent: 'alpha', format: 'text' }, 'from'],
  ['recording.bundle', {}, 'to'],
  ['approval.history', {}, 'before'],
];

const NOT_TIMES = [
  'yesterday',
  '2026-02-31T00:00:00Z',
  '2026-12-05T24:00:00Z',
  '2026-12-05 10:00',
  'x'.repeat(10_000),
];

describe('time inputs', () => {
  it('are refused the same way by every command, before anything runs', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    await orchestrator.fleet.spawn({ name: 'alpha', kind: 'shell', role: 'builder' });
    for (const [name, input, field] of TIMED)
      for (const text of NOT_TIMES) {
        const error = (await orchestrator.invoke(humanCaller, name, { ...input, [field]: text }).then(
          () => undefined,
          (e: unknown) => e as SwitchboardError,
        )) as SwitchboardError | undefined;
        expect(error?.code, `${name} ${field}=${text.slice(0, 30)}`).toBe('invalid_input');
        expect(error?.message).toContain(field);
      }
    for (const [name, input, field] of TIMED)
      await expect(
        orchestrator.invoke(humanCaller, name, { ...input, [field]: '2026-12-05T10:00:00.000+01:00' }),
      ).resolves.toBeDefined();
    await orchestrator.close();
  });
});
