// Shell agents on the sim stack and keystrokes typed into them, timed per agent: what bench/state-detection.ts
// measures its latencies with (moved here whole from it).
import { performance } from 'node:perf_hooks';
import type { BackendEvent } from '../../packages/core/src/index';
import { humanCaller } from '../../packages/protocol/src/index';
import { BENCH_BASH, type SimStack } from './sim-stack';

export type Agents = { id: string; paneId: string }[];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function spawnShells(s: SimStack, count: number, prefix: string, command = BENCH_BASH) {
  const agents: Agents = [];
  for (let i = 0; i < count; i++) {
    // A team per agent: each gets a window of its own (splitting one 80x25 window 100 times is impossible).
    await s.orchestrator.invoke(humanCaller, 'team.create', { name: `${prefix}-team-${i}` });
    agents.push(
      (await s.orchestrator.invoke(humanCaller, 'agent.spawn', {
        name: `${prefix}-${i}`,
        kind: 'shell',
        command,
        team: `${prefix}-team-${i}`,
      })) as { id: string; paneId: string },
    );
  }
  return agents;
}

export async function waitFor(check: () => boolean, timeoutMs = 30_000, missing = () => '') {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`bench: condition not met in time ${missing()}`.trim());
    await sleep(5);
  }
}

/**
 * Per agent, from its keystroke: the screen update, the target state, the deciding signal (ms; NaN when none came),
 * and `sentAfter`, when its keystroke left after the round's first (ms): the last one's is the round's spread.
 */
export type Sample = { screen: number; state: number; signal: number; sentAfter: number };

/**
 * How the keystrokes go out: one after another, each `sendText` answered before the next (`'serial'`), or all
 * written at once without waiting for any answer (`'atOnce'`, as the bare node-pty baseline writes its shells').
 */
export type Typing = 'serial' | 'atOnce';

/**
 * Types `text` into every agent's pane; per agent: keystroke → screen update, keystroke → `target` state, and
 * keystroke → the first backend event `signal` accepts (the signal that decides: the screen update itself, the
 * OSC 133 prompt mark, the process exit).
 */
export async function typeAll(
  s: SimStack,
  agents: Agents,
  text: string,
  target: string,
  signal: (event: BackendEvent) => boolean = (e) => e.type === 'pane.output',
  typing: Typing = 'serial',
): Promise<Sample[]> {
  const screenAt = new Map<string, number>();
  const signalAt = new Map<string, number>();
  const stateAt = new Map<string, number>();
  const byPane = new Map(agents.map((a) => [a.paneId, a.id]));
  const sentAt = new Map<string, number>();
  const offBackend = s.backend.onEvent((event: BackendEvent) => {
    const agentId = 'paneId' in event ? byPane.get(event.paneId) : undefined;
    if (!agentId || !sentAt.has(agentId)) return;
    if (event.type === 'pane.output' && !screenAt.has(agentId)) screenAt.set(agentId, performance.now());
    if (signal(event) && !signalAt.has(agentId)) signalAt.set(agentId, performance.now());
  });
  const offBus = s.orchestrator.subscribe((event) => {
    if (
      event.type === 'health.state_changed' &&
      event.health.state === target &&
      sentAt.has(event.agentId) &&
      !stateAt.has(event.agentId)
    )
      stateAt.set(event.agentId, performance.now());
  });
  const send = (agent: Agents[number]) => {
    sentAt.set(agent.id, performance.now());
    return s.backend.sendText(agent.paneId, text);
  };
  if (typing === 'atOnce') await Promise.all(agents.map(send));
  else for (const agent of agents) await send(agent);
  await waitFor(
    () => stateAt.size === agents.length,
    30_000,
    () =>
      `(${target} not reached by ${agents
        .filter((a) => !stateAt.has(a.id))
        .map(
          (a) =>
            `${a.id} (${s.orchestrator.health.get(a.id).state}, screen update ${screenAt.has(a.id)}, signal ${signalAt.has(a.id)})`,
        )
        .join(', ')})`,
  );
  offBackend();
  offBus();
  // A pane that closes as its process exits may send no screen update: NaN, left out of the summaries.
  const since = (at: Map<string, number>, id: string) => (at.get(id) ?? NaN) - sentAt.get(id)!;
  const first = Math.min(...sentAt.values());
  return agents.map((a) => ({
    screen: since(screenAt, a.id),
    state: since(stateAt, a.id),
    signal: since(signalAt, a.id),
    sentAfter: sentAt.get(a.id)! - first,
  }));
}
