// A real program that flaps between asking a question and working, on the embedded iTerm2-API server:
// the health monitor sees every flap, the person gets one notification per cool-down, not a flood.
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type AttentionItem, type EventOf, type SwitchboardEvent } from '@switchboard/protocol';
import { DEFAULT_ATTENTION_OPTIONS } from '@switchboard/core';
import type { Host } from '../../src/index';
import { screenText, startEmbeddedHost, until } from '../health/support/embedded-stack';
import { quote } from '../support/shell-words';

const ROUNDS = 6;
// Each round: a question waits ~1.2 s for an answer that never comes, then ~1.2 s of work output.
const FLAPPER =
  `for i in $(seq 1 ${ROUNDS}); do printf "Continue with batch $i? "; read -t 1.2 answer; echo; ` +
  'for j in 1 2 3 4 5 6 7 8 9 10; do echo "working on batch $i item $j"; sleep 0.12; done; done; echo all batches done; sleep 60';

describe('attention on the embedded iTerm2-API server (real processes)', () => {
  let host: Host | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('a flapping program raises one waiting-for-input notification per cool-down, while health sees every flap', async () => {
    host = await startEmbeddedHost();
    const target = host;
    const events: SwitchboardEvent[] = [];
    target.orchestrator.subscribe((e) => events.push(e));
    const of = <T extends SwitchboardEvent['type']>(type: T) =>
      events.filter((e): e is EventOf<T> => e.type === type);
    const agent = (await target.orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'flapper',
      kind: 'shell',
      command: `bash -c ${quote(FLAPPER)}`,
    })) as { id: string; paneId: string };
    await until(
      async () =>
        /all batches done/.test(screenText(await target.backend.readScreen(agent.paneId))) || undefined,
      60_000,
      async () => screenText(await target.backend.readScreen(agent.paneId)),
    );
    await new Promise((r) => setTimeout(r, 500));

    const flaps = of('health.state_changed').filter(
      (e) => e.agentId === agent.id && e.health.state === 'waiting_for_input',
    ).length;
    const raised = of('attention.raised').filter(
      (e) => e.item.agentId === agent.id && e.item.kind === 'waiting_for_input',
    );
    const { items } = (await target.orchestrator.invoke(humanCaller, 'attention.list', {
      includeClosed: true,
    })) as { items: AttentionItem[] };
    const item = items.find((i) => i.agentId === agent.id && i.kind === 'waiting_for_input')!;
    console.log(
      JSON.stringify({
        rounds: ROUNDS,
        waitingTransitions: flaps,
        notificationsRaised: raised.length,
        occurrencesFolded: item.occurrences,
        cooldownMs: DEFAULT_ATTENTION_OPTIONS.cooldownMs,
      }),
    );
    expect(flaps).toBeGreaterThanOrEqual(ROUNDS - 1);
    expect(raised).toHaveLength(1);
    expect(item.occurrences).toBe(flaps);
    expect(raised[0]!.item).toMatchObject({
      title: 'flapper is waiting for input',
      severity: 'warning',
      target: { agentId: agent.id, paneId: agent.paneId },
    });
    expect(raised[0]!.item.target!.windowId).not.toBeNull();
    // The program's questions are not [y/n] confirmations: no approval items were raised for them.
    expect(of('approval.requested')).toHaveLength(0);
  }, 90_000);
});
