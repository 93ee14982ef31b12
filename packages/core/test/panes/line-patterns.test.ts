import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { compileLinePattern, runsLinearInJs } from '../../src/panes/line-pattern';

// 40 `a` and a `!`: JavaScript's backtracking engine tries 2^40 ways to split the `a`s between the two `+`.
const HOSTILE_LINE = `${'a'.repeat(40)}!`;
const HOSTILE = '(a+)+$';

describe("callers' line patterns run on RE2 (linear time), never JavaScript's backtracking engine", () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  it('every pane pattern refuses what RE2 cannot run and matches a backtracking trap at once', async () => {
    const backend = createMemoryBackend();
    orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
    const { agent: bob } = await orchestrator.fleet.spawn({ name: 'bob', kind: 'shell', role: 'builder' });
    const { agent: eve } = await orchestrator.fleet.spawn({ name: 'eve', kind: 'shell', role: 'monitor' });
    const eveCalls: Caller = { kind: 'agent', id: eve.id };
    await backend.sendText(bob.paneId!, `${HOSTILE_LINE}\r\nbuild ok\r\n`);

    // Look-behind is JavaScript's, not RE2's: refused with a typed error on every path, nothing stored.
    const lookBehind = '(?<=build) ok';
    const calls: [Parameters<Orchestrator['invoke']>[1], unknown][] = [
      ['pane.read', { targets: ['bob'], filter: lookBehind }],
      ['pane.list', { titleMatches: lookBehind }],
      ['pane.waitFor', { target: 'bob', until: 'pattern', pattern: lookBehind, timeoutSeconds: 0 }],
      ['pane.watch', { target: 'bob', pattern: lookBehind }],
    ];
    for (const [name, input] of calls)
      await expect(orchestrator.invoke(eveCalls, name, input), name).rejects.toMatchObject({
        code: 'invalid_input',
        hint: expect.stringContaining('RE2'),
      });
    expect(await orchestrator.invoke(eveCalls, 'pane.watches', {})).toEqual({ watches: [] });

    // With backtracking this call would not come back for hours, and nothing else in the host would run.
    const read = (await orchestrator.invoke(eveCalls, 'pane.read', {
      targets: ['bob'],
      filter: HOSTILE,
    })) as { screens: { lines: string[] }[] };
    expect(read.screens[0]!.lines).toEqual([]);
    const matched = (await orchestrator.invoke(eveCalls, 'pane.read', {
      targets: ['bob'],
      filter: '^(b|u|i|l|d)+ ok$',
    })) as { screens: { lines: string[] }[] };
    expect(matched.screens[0]!.lines).toEqual(['build ok']);
    await orchestrator.invoke(eveCalls, 'pane.watch', { target: 'bob', pattern: HOSTILE });
    await backend.sendText(bob.paneId!, `${HOSTILE_LINE}\r\n`);
  });

  it('plain patterns (no quantifier, alternatives only at the top) keep the JavaScript engine; the rest run on RE2', () => {
    for (const plain of [
      'ERROR|panic',
      '^\\$ $',
      'build (ok|done)?'.slice(0, 9),
      '(?:tests) passed',
      '[*+?{]x',
      'a\\+b',
    ])
      expect(runsLinearInJs(plain), plain).toBe(true);
    for (const backtracking of [
      '(a+)+$',
      'a*x',
      '\\d+ failed',
      'a?a?a',
      'x{2,}',
      '(a|a)(a|a)b',
      '(?:ERROR|panic)',
    ])
      expect(runsLinearInJs(backtracking), backtracking).toBe(false);
    // Either engine, the same answers on the same lines.
    for (const source of ['ERROR|panic', '(ERROR|panic) now', 'a\\-b', '^\\d+ failed$'])
      for (const line of ['ERROR now', 'panic now', 'a-b', '12 failed', 'ok'])
        expect(compileLinePattern(source).test(line), `${source} ${line}`).toBe(
          new RegExp(source).test(line),
        );
  });
});
