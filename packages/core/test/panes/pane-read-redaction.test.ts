import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Caller } from '@switchboard/protocol';
import { createOrchestrator, type Orchestrator, type ScreenSnapshot } from '../../src/index';
import { scriptedBackend, settle } from '../health/scripted-backend';

// A key as the redactor's corpus has it, printed in a pane 40 columns wide: the terminal breaks it over rows.
const KEY = `sk-ant-api03-${'Zq9'.repeat(30)}AA`;
const PRINTED = `root@vm:/tmp# echo ${KEY}`;
const rowsOf = (text: string, width: number) =>
  Array.from({ length: Math.ceil(text.length / width) }, (_, i) => text.slice(i * width, (i + 1) * width));

/** The key echoed at a 40-column prompt: its rows soft-wrapped into one line, then a fresh prompt. */
function wrappedKeyScreen(): ScreenSnapshot {
  const rows = [...rowsOf(PRINTED, 40), 'root@vm:/tmp# '];
  return {
    lines: rows,
    cursor: { x: 14, y: rows.length - 1 },
    wraps: rows.map((_, i) => i < rows.length - 2),
  };
}

describe('screens read by agents and mirrored to the person are redacted line by line as printed, not row by row', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  it('pane.read and pane.waitFor find a key the terminal soft-wrapped over several rows', async () => {
    const scripted = scriptedBackend();
    const wrapped = wrappedKeyScreen();
    const rows = wrapped.lines;
    const backend = { ...scripted.backend, readScreen: async () => wrapped };
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
    const { agent: bob } = await orchestrator.fleet.spawn({ name: 'bob', kind: 'shell', role: 'builder' });
    const { agent: eve } = await orchestrator.fleet.spawn({ name: 'eve', kind: 'shell', role: 'monitor' });
    await settle();
    const eveCalls: Caller = { kind: 'agent', id: eve.id };
    expect(rows.length).toBeGreaterThan(3);

    const read = (await orchestrator.invoke(eveCalls, 'pane.read', { targets: ['bob'] })) as {
      screens: { lines: string[] }[];
    };
    const shown = read.screens[0]!.lines;
    // Every row held a piece of the key, none of them a whole one: the per-row redaction let it all through.
    expect(shown.join('')).not.toContain(KEY.slice(13, 40));
    expect(shown.join('')).toContain('[REDACTED:anthropic]');
    expect(shown.at(-1)).toBe('root@vm:/tmp# ');

    const waited = (await orchestrator.invoke(eveCalls, 'pane.waitFor', {
      target: bob.paneId,
      until: 'pattern',
      pattern: 'never printed',
      timeoutSeconds: 0.2,
    })) as Record<string, unknown>;
    // The time-out's summary of the screen.
    expect(JSON.stringify(waited)).toContain('REDACTED');
    expect(JSON.stringify(waited)).not.toContain(KEY.slice(13, 40));
  });

  it("the person's live mirror (pane.screen) gets the key's rows redacted as one line", async () => {
    const scripted = scriptedBackend();
    const wrapped = wrappedKeyScreen();
    const rows = wrapped.lines;
    const backend = { ...scripted.backend, readScreen: async () => wrapped };
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
    const shown: string[] = [];
    orchestrator.subscribe((e) => e.type === 'pane.screen' && shown.push(...e.changes.map((c) => c.text)));
    await orchestrator.fleet.spawn({ name: 'bob', kind: 'shell', role: 'builder' });
    await orchestrator.invoke(humanCaller, 'pane.mirror', { target: 'bob' });
    // The mirror's first read comes when the pane's reader gets to it: waited for, not for 20 polls (1 s).
    await expect
      .poll(() => shown.length, { timeout: 20_000, interval: 50, message: 'the mirrored screen' })
      .toBeGreaterThan(0);
    expect(shown).toHaveLength(rows.length);
    expect(shown.join('')).not.toContain(KEY.slice(13, 40));
    expect(shown.join('')).toContain('[REDACTED:anthropic]');
    expect(shown.at(-1)).toBe('root@vm:/tmp# ');
  });

  it("pane.matched: a watch on the pane gets the key's rows redacted as one line", async () => {
    const scripted = scriptedBackend();
    let screen: ScreenSnapshot = { lines: ['root@vm:/tmp# '], cursor: { x: 14, y: 0 } };
    const backend = { ...scripted.backend, readScreen: async () => screen };
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
    const matched: string[] = [];
    orchestrator.subscribe((e) => e.type === 'pane.matched' && matched.push(e.line));
    const { agent: bob } = await orchestrator.fleet.spawn({ name: 'bob', kind: 'shell', role: 'builder' });
    const { agent: eve } = await orchestrator.fleet.spawn({ name: 'eve', kind: 'shell', role: 'monitor' });
    await orchestrator.invoke({ kind: 'agent', id: eve.id }, 'pane.watch', { target: 'bob', pattern: '.' });
    await settle();
    screen = wrappedKeyScreen();
    // Output told every 50 ms until the watch has matched (not for 20 tells: 1 s).
    await expect
      .poll(
        () => {
          scripted.emit({ type: 'pane.output', paneId: bob.paneId! });
          return matched.length;
        },
        { timeout: 20_000, interval: 50, message: "the watch's match" },
      )
      .toBeGreaterThan(0);
    expect(matched.join('')).not.toContain(KEY.slice(13, 40));
    expect(matched.join('')).toContain('[REDACTED:anthropic]');
  });
});
