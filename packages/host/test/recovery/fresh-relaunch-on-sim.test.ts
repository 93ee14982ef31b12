import { describe, expect, it } from 'vitest';
import type { AttentionItem } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { until } from '../health/support/embedded-stack';
import {
  agentOf,
  call,
  dataWithClaude,
  forgetHosts,
  hostsPerTest,
  screen,
  start,
  stateIs,
} from './support/claude-stand-in';

hostsPerTest();

// A CLI's start prints (its banner, its input box): health reads `working` from the output flowing, then `idle` at
// its prompt. That is a start, not a finished turn: no "finished" for a spawn nor for any relaunch that starts a fresh
// conversation (no hooks here, so no session to resume) — agent.restart (new pane), the recovery ladder's restart (same
// pane), the restore of a host that went down. A real turn still says "finished" (the count below can move).

/** How many times "finished" was raised for the agent (folded repeats count; closed items too). */
const finishedCount = async (host: Host, name: string) => {
  const id = (await agentOf(host, name)).id;
  return (await call(host, 'attention.list', { includeClosed: true, limit: 1000 })).items
    .filter((i: AttentionItem) => i.agentId === id && i.kind === 'finished')
    .reduce((sum, i) => sum + i.occurrences, 0);
};

/** The agent's states since `since`, oldest first. */
const statesSince = async (host: Host, name: string, since: string) =>
  (await call(host, 'health.history', { agent: name, limit: 50 })).transitions
    .filter((t) => t.since >= since)
    .sort((a, b) => a.since.localeCompare(b.since))
    .map((t) => t.state);

/**
 * Back at its prompt, and a moment later still no new "finished". Whether a start reads `working` first depends on
 * timing (in its own pane the old watch sees the new process print; a new pane is watched from `starting`): the
 * ladder's restart in the same pane did, every run, before the fix.
 */
async function noFinishedAfter(host: Host, name: string, before: number, since: string): Promise<void> {
  await until(
    async () => {
      const states = await statesSince(host, name, since);
      return states.at(-1) === 'idle' ? true : undefined;
    },
    60_000,
    async () =>
      JSON.stringify({ states: await statesSince(host, name, since), screen: await screen(host, name) }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect({ name, finished: await finishedCount(host, name) }).toEqual({ name, finished: before });
}

describe('a CLI started with a fresh conversation', () => {
  it('raises no "finished": not at spawn, not after agent.restart, the ladder’s restart or a restore', async () => {
    const { dataDir, claude } = dataWithClaude();
    const host = await start(dataDir);
    const t0 = new Date().toISOString();
    for (const name of ['ann', 'bob', 'cat'])
      await call(host, 'agent.spawn', { name, kind: 'claude', command: claude });
    for (const name of ['ann', 'bob', 'cat']) await noFinishedAfter(host, name, 0, t0);

    // A real turn is "finished" (what the count sees).
    await call(host, 'pane.send', { targets: ['ann'], text: 'Work on it.' });
    await until(
      async () => ((await finishedCount(host, 'ann')) === 1 ? true : undefined),
      30_000,
      async () =>
        JSON.stringify({
          states: await statesSince(host, 'ann', t0),
          items: (await call(host, 'attention.list', { includeClosed: true })).items.map((i) => [
            i.kind,
            i.title,
          ]),
          screen: await screen(host, 'ann'),
        }),
    );

    // From here a silence of 1.5 s mid-turn is hung, and the ladder restarts.
    await call(host, 'recovery.configure', {
      hungAfterMs: { kinds: { claude: 1_500 } },
      hungLadder: ['restart'],
      steps: { restart: { attempts: 1, coolDownMs: 60_000 } },
      resumeOnRestart: false,
    });
    // The human's restart, a fresh conversation, in a new pane.
    const t1 = new Date().toISOString();
    const annPane = (await agentOf(host, 'ann')).paneId;
    await call(host, 'agent.restart', { agent: 'ann', resume: false });
    expect((await agentOf(host, 'ann')).paneId).not.toBe(annPane);
    await noFinishedAfter(host, 'ann', 1, t1);

    // Hung mid-turn, restarted in its own pane by the ladder (resumeOnRestart off).
    const bobPane = (await agentOf(host, 'bob')).paneId;
    const t2 = new Date().toISOString();
    await call(host, 'pane.send', { targets: ['bob'], text: 'Hang on it.' });
    await until(
      async () =>
        (await call(host, 'recovery.log', { agent: 'bob', action: 'restart' })).entries.some(
          (e) => e.outcome === 'ok',
        ) || undefined,
      60_000,
      async () => JSON.stringify(await statesSince(host, 'bob', t2)),
    );
    expect((await agentOf(host, 'bob')).paneId).toBe(bobPane);
    await stateIs(host, 'bob', 'idle');
    await noFinishedAfter(host, 'bob', 0, t2);

    // The host goes down with the panes; the next one restores cat in a fresh pane.
    await host.close();
    forgetHosts();
    const t3 = new Date().toISOString();
    const next = await start(dataDir);
    await noFinishedAfter(next, 'cat', 0, t3);
  }, 240_000);
});
