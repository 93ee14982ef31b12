import { humanCaller, type Agent } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { mergeHandlers } from '../../src/dispatch/merge-handlers';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { closeAfterTest } from '../support/close-after-test';

describe('one handler per command', () => {
  it('merges disjoint maps and refuses a command two maps handle', () => {
    const merged = mergeHandlers({ a: () => 1 }, { b: () => 2 });
    expect(Object.keys(merged).sort()).toEqual(['a', 'b']);
    expect(merged.a()).toBe(1);
    expect(() => mergeHandlers({ a: () => 1 }, { b: () => 2 }, { a: () => 3 })).toThrow(
      'two handlers for the command a',
    );
  });

  it("builds the core's handlers with no command handled twice, and agent.spawn still spawns", async () => {
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend: createMemoryBackend(),
      clock: new FakeClock(),
    });
    closeAfterTest(orchestrator);
    const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'a' })) as Agent;
    expect(orchestrator.fleet.requireAgent('a').id).toBe(agent.id);
  });
});
