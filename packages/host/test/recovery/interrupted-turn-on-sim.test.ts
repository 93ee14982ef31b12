import { describe, expect, it } from 'vitest';
import { CONTINUE_TURN_PROMPT } from '@switchboard/protocol';
import type { Host } from '../../src/index';
import { until } from '../health/support/embedded-stack';
import {
  agentOf,
  call,
  dataWithClaude,
  forgetHosts,
  hook,
  hostsPerTest,
  openItems,
  refusal,
  screen,
  squeezed,
  start,
  stateIs,
} from './support/claude-stand-in';

hostsPerTest();

const turnItem = (host: Host, name: string) =>
  until(
    async () => {
      const [item] = await openItems(host, name);
      return item?.kind === 'turn_interrupted' ? item : undefined;
    },
    60_000,
    async () => JSON.stringify(await call(host, 'attention.list', {})),
  );

/** At their prompts, mia is given a turn that runs on ("Build…", or `mia` to say which), ned one that ends at once. */
async function startTurns(host: Host, names: string[], mia = 'Build the thing.'): Promise<void> {
  for (const name of names) {
    await stateIs(host, name, 'idle');
    await call(host, 'pane.send', { targets: [name], text: name === 'mia' ? mia : 'Say ok.' });
    await hook(host, name, 'UserPromptSubmit');
  }
  await stateIs(host, 'mia', 'working');
}

/**
 * A host on `dataDir` with mia mid-turn (and ned, when asked, done with his), closed with their panes (as a SIGKILL
 * takes the embedded server's), and the next host started on the same data.
 */
async function crashMidTurn(withIdle: boolean): Promise<{ dataDir: string; second: Host }> {
  const { dataDir, claude } = dataWithClaude();
  const first = await start(dataDir);
  const names = withIdle ? ['mia', 'ned'] : ['mia'];
  for (const name of names) await call(first, 'agent.spawn', { name, kind: 'claude', command: claude });
  await startTurns(first, names);
  if (withIdle) {
    await until(
      async () => /TURN: Say ok/.test(await screen(first, 'ned')),
      30_000,
      () => screen(first, 'ned'),
    );
    await hook(first, 'ned', 'Stop');
    await stateIs(first, 'ned', 'idle');
  }
  await first.close();
  forgetHosts();
  return { dataDir, second: await start(dataDir) };
}

describe('an agent resumed after its pane ended mid-turn', () => {
  it('is the human’s decision: one item (jump to its pane), Continue types the fixed prompt; the idle one gets none', async () => {
    const { second } = await crashMidTurn(true);
    const mia = await turnItem(second, 'mia');
    const miaAgent = await agentOf(second, 'mia');
    expect(await screen(second, 'mia')).toMatch(/--resume sess-mia/);
    expect(mia.title).toBe('mia resumed after a restart: its last turn was interrupted');
    expect(mia.body).toContain(CONTINUE_TURN_PROMPT);
    expect(mia.target).toMatchObject({ agentId: miaAgent.id, paneId: miaAgent.paneId });
    expect((await openItems(second, 'mia')).map((i) => i.kind)).toEqual(['turn_interrupted']);
    // ned was idle when the host went: resumed as well, nothing to decide, not even a "finished".
    await stateIs(second, 'ned', 'idle');
    await until(
      async () => (await openItems(second, 'ned')).length === 0,
      10_000,
      async () => JSON.stringify(await openItems(second, 'ned')),
    );
    expect(await refusal(call(second, 'agent.continueTurn', { agent: 'ned' }))).toBe('conflict');
    // Only the human continues: an agent's call is refused, nothing typed.
    const nedAgent = await agentOf(second, 'ned');
    expect(
      await refusal(call(second, 'agent.continueTurn', { agent: 'mia' }, { kind: 'agent', id: nedAgent.id })),
    ).toBe('forbidden');
    expect(await screen(second, 'mia')).not.toContain('TURN:');

    const continued = await call(second, 'agent.continueTurn', { agent: 'mia' });
    expect(continued).toMatchObject({ agentId: miaAgent.id, outcome: 'submitted' });
    // The pane is 40 columns wide: the answer wraps.
    await until(
      async () => squeezed(await screen(second, 'mia')).includes(squeezed(`TURN: ${CONTINUE_TURN_PROMPT}`)),
      20_000,
      () => screen(second, 'mia'),
    );
    expect(await openItems(second, 'mia')).toEqual([]);
    expect(await refusal(call(second, 'agent.continueTurn', { agent: 'mia' }))).toBe('conflict');
    const audit = await call(second, 'audit.list', { action: 'agent.continueTurn' });
    expect(audit.entries.filter((e) => e.outcome === 'ok').map((e) => [e.actor.kind, e.target])).toEqual([
      ['human', miaAgent.id],
    ]);
  }, 180_000);

  it('stays the human’s decision across another restart, and ends when someone gives the agent a turn', async () => {
    const { dataDir, second } = await crashMidTurn(false);
    await turnItem(second, 'mia');
    await stateIs(second, 'mia', 'idle');
    // Down again before anyone decided: its last state was `idle` (resumed), its turn is still cut off.
    await second.close();
    forgetHosts();
    const restartedAt = new Date().toISOString();
    const third = await start(dataDir);
    await until(
      async () => (await screen(third, 'mia').catch(() => '')).includes('--resume sess-mia'),
      30_000,
      () => screen(third, 'mia'),
    );
    // Raised again by this start's resume (the item stood open in SQLite: it must be this start's, not the last's).
    await until(
      async () => ((await turnItem(third, 'mia')).updatedAt >= restartedAt ? true : undefined),
      30_000,
      async () => JSON.stringify(await openItems(third, 'mia')),
    );
    expect(await screen(third, 'mia')).not.toContain('TURN:');
    // The person answers in the pane (Claude Code's UserPromptSubmit says so): the item goes, Continue has nothing to do.
    await call(third, 'pane.send', { targets: ['mia'], text: 'Say ok.' });
    await hook(third, 'mia', 'UserPromptSubmit');
    await until(
      async () => (await openItems(third, 'mia')).length === 0,
      20_000,
      async () => JSON.stringify(await openItems(third, 'mia')),
    );
    expect(await refusal(call(third, 'agent.continueTurn', { agent: 'mia' }))).toBe('conflict');
  }, 180_000);

  it('is told the same way when the CLI was restarted mid-turn: by the human, or by the recovery ladder', async () => {
    const { dataDir, claude } = dataWithClaude();
    const host = await start(dataDir);
    await call(host, 'recovery.configure', {
      hungAfterMs: { kinds: { claude: 1_500 } },
      hungLadder: ['restart'],
      steps: { restart: { attempts: 1, coolDownMs: 60_000 } },
      resumeOnRestart: true,
    });
    await call(host, 'agent.spawn', { name: 'mia', kind: 'claude', command: claude });
    await startTurns(host, ['mia']);
    // The human restarts her mid-turn (agent.restart resumes her conversation by default).
    await call(host, 'agent.restart', { agent: 'mia' });
    await turnItem(host, 'mia');
    expect(await screen(host, 'mia')).toMatch(/--resume sess-mia/);
    await call(host, 'agent.continueTurn', { agent: 'mia' });
    await until(
      async () => (await openItems(host, 'mia')).length === 0,
      20_000,
      () => screen(host, 'mia'),
    );

    // Mid-turn again, then silent: hung, and the ladder restarts her in her pane, resuming her conversation.
    await stateIs(host, 'mia', 'idle');
    await startTurns(host, ['mia'], 'Hang on it.');
    const paneId = (await agentOf(host, 'mia')).paneId;
    const item = await until(
      async () => (await openItems(host, 'mia')).find((i) => i.kind === 'turn_interrupted'),
      60_000,
      async () =>
        JSON.stringify({
          log: (await call(host, 'recovery.log', { agent: 'mia' })).entries.map((e) => [
            e.action,
            e.outcome,
            e.detail,
            e.reason,
          ]),
          states: (await call(host, 'health.history', { agent: 'mia', limit: 12 })).transitions.map((t) => [
            t.state,
            t.confidence,
            t.signals[0]?.detail,
          ]),
          screen: await screen(host, 'mia'),
        }),
    );
    expect(item.body).toContain('it was seemingly hung mid-turn');
    expect((await agentOf(host, 'mia')).paneId).toBe(paneId);
    const log = await call(host, 'recovery.log', { agent: 'mia', action: 'restart' });
    expect(log.entries.map((e) => e.detail).join('\n')).toMatch(/resuming its conversation sess-mia/);
  }, 180_000);
});
