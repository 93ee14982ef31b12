import { humanCaller, type Approval, type EventOf, type SwitchboardEvent } from '@switchboard/protocol';
import { DEFAULT_TIMINGS, createOrchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { settle } from '../health/scripted-backend';
import { promptBackend } from './prompt-backend';
import { PERMISSION } from '../fixtures/claude-screens';

export { PERMISSION };

/**
 * One agent (`c1`, a builder) on the scripted prompt backend with a fake clock: `step` moves time in
 * 10 ms steps letting screen reads run, `prompt` shows a prompt long enough for health and the prompt
 * service to read it, `pending` lists the open permission items, `of` the events of one type.
 */
export async function setupPrompts(kind: 'claude' | 'shell' = 'claude') {
  const clock = new FakeClock();
  const scripted = promptBackend();
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: scripted.backend, clock });
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((e) => events.push(e));
  const { agent } = await orchestrator.fleet.spawn({ name: 'c1', kind, role: 'builder' });
  await settle();
  const paneId = agent.paneId!;
  const step = async (ms: number) => {
    for (let left = ms; left > 0; left -= 10) {
      clock.advance(Math.min(10, left));
      await settle();
    }
  };
  const pending = async () =>
    (
      (await orchestrator.invoke(humanCaller, 'approval.list', { kind: 'permission' })) as {
        approvals: Approval[];
      }
    ).approvals;
  const of = <T extends SwitchboardEvent['type']>(type: T) =>
    events.filter((e): e is EventOf<T> => e.type === type);
  /** Shows the prompt and lets health call it waiting_for_input and the prompt service read it. */
  const prompt = async (lines = PERMISSION) => {
    scripted.show(paneId, lines);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
  };
  return { orchestrator, clock, scripted, events, agent, paneId, step, pending, of, prompt };
}
