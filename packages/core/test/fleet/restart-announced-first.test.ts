import { humanCaller, type SwitchboardEvent } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type TerminalBackend } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { closeAfterTest } from '../support/close-after-test';

/**
 * A restart in the agent's own pane is announced (`agent.updated`, state `starting`) before the pane's decoration:
 * health watches that pane all along and the new process draws at once; decorating takes round trips to the
 * terminal (several under load), and a start attention does not know of yet is taken for a turn ("finished").
 */
describe('a restart in its own pane', () => {
  it('says `starting` before the decoration’s round trips end', async () => {
    const memory = createMemoryBackend();
    let held: (() => void) | undefined;
    let entered: (() => void) | undefined;
    const decorating = new Promise<void>((resolve) => (entered = resolve));
    // The memory terminal, its setVariable (the decoration's first call) held open once armed.
    let armed = false;
    const backend = new Proxy(memory, {
      get(target, key, receiver) {
        if (key === 'setVariable' && armed) {
          return async (...args: Parameters<TerminalBackend['setVariable']>) => {
            armed = false;
            entered!();
            await new Promise<void>((resolve) => (held = resolve));
            return target.setVariable(...args);
          };
        }
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend, clock: new FakeClock() });
    closeAfterTest(orchestrator);
    await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'a' });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));

    armed = true;
    const restarting = orchestrator.fleet.restartInPane('a');
    await decorating;
    const starting = events.filter((e) => e.type === 'agent.updated' && e.agent.state === 'starting');
    held!();
    await restarting;
    expect(starting).toHaveLength(1);
  });
});
