import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import {
  DEFAULT_PROMPT_TIMINGS,
  DEFAULT_TIMINGS,
  readPrompt,
  samePrompt,
  type Orchestrator,
  type ScreenSnapshot,
} from '../../src/index';
import { PERMISSION, setupPrompts } from './prompt-fixture';

const LONG = 'npm run build -- --workspace packages/core --workspace packages/host --if-present';
/** The same prompt at two widths: the long command wrapped once at 80 columns, twice at 40, the labels wrapped too. */
const WIDE = PERMISSION.flatMap((l) =>
  l === ' touch build-output.txt' ? [` ${LONG.slice(0, 78)}`, ` ${LONG.slice(78)}`] : [l],
);
const NARROW = PERMISSION.flatMap((l) => {
  if (l === ' touch build-output.txt')
    return [` ${LONG.slice(0, 38)}`, ` ${LONG.slice(38, 76)}`, ` ${LONG.slice(76)}`];
  if (l.startsWith('   2. Yes, and always allow'))
    return [
      '   2. Yes, and always allow access to',
      '      /tmp/sb-claude-project-m4VSca',
      '      from this',
    ];
  if (l === ' Create the build output file') return [' Create the build', ' output file'];
  return [l];
});

/** One real Claude Code prompt at 80x25, at 39x25 and at 40x12 (the dialog scrolled: tool and command out of view). */
const RESIZED = (
  JSON.parse(
    readFileSync(new URL('../fixtures/prompts/claude-permission-resized.json', import.meta.url), 'utf8'),
  ) as { screens: Record<'wide' | 'narrow' | 'short', ScreenSnapshot> }
).screens;

describe('a prompt keeps its identity', () => {
  it('in a real Claude Code dialog re-drawn narrower, and shorter with its tool and command scrolled out of view', () => {
    const [wide, narrow, short] = (['wide', 'narrow', 'short'] as const).map((size) =>
      readPrompt('claude', RESIZED[size])!,
    );
    expect(wide).toMatchObject({
      tool: 'Bash command',
      command: 'touch approved.txt',
      question: 'Do you want to proceed?',
    });
    expect(short).toMatchObject({ tool: null, command: null, question: 'Do you want to proceed?' });
    expect(short!.choices.map((c) => c.label)).toEqual(wide!.choices.map((c) => c.label));
    expect(narrow!.identity.fingerprint).toBe(wide!.identity.fingerprint);
    expect(short!.identity.detailed).toBe(false);
    expect(samePrompt(wide!.identity, short!.identity)).toBe(true);
    expect(samePrompt(short!.identity, narrow!.identity)).toBe(true);
  });

  it('two dialogs that both show their details and differ there are two prompts, even with the same question and choices', () => {
    const other = structuredClone(RESIZED.wide);
    other.lines = other.lines.map((l) => l.replace('touch approved.txt', 'touch denied.txt'));
    const a = readPrompt('claude', RESIZED.wide)!;
    const b = readPrompt('claude', other)!;
    expect(b.identity.shape).toBe(a.identity.shape);
    expect(samePrompt(a.identity, b.identity)).toBe(false);
  });

  it('across a resize that wraps the command, the description and the labels elsewhere', () => {
    const wide = readPrompt('claude', { lines: WIDE, cursor: { x: 0, y: 0 } });
    const narrow = readPrompt('claude', { lines: NARROW, cursor: { x: 0, y: 0 } });
    expect(wide).toBeDefined();
    expect(narrow?.identity.fingerprint).toBe(wide!.identity.fingerprint);
    // And another command is another prompt.
    const other = readPrompt('claude', { lines: PERMISSION, cursor: { x: 0, y: 0 } });
    expect(other!.identity.fingerprint).not.toBe(wide!.identity.fingerprint);
  });

  it('a [y/N] question asked again on another row is the same prompt; a wrapped one keeps its full text', () => {
    const first = readPrompt('shell', {
      lines: ['$ ./deploy.sh', 'Deploy to production? [y/N] '],
      cursor: { x: 28, y: 1 },
    });
    const again = readPrompt('shell', {
      lines: ['$ ./deploy.sh', 'Deploy to production? [y/N] ', 'timed out', 'Deploy to production? [y/N] '],
      cursor: { x: 28, y: 3 },
    });
    expect(again!.identity.fingerprint).toBe(first!.identity.fingerprint);
    const question = 'Remove every build artefact under /srv/builds/nightly/2026-12-05 and the caches';
    // At 40 columns the terminal wraps it into full rows and a short last one that holds the cursor.
    const full = `${question}? [y/N] `;
    const rows = [full.slice(0, 40), full.slice(40, 80), full.slice(80)];
    const wrapped = readPrompt('shell', {
      lines: ['$ ./clean.sh', ...rows],
      cursor: { x: rows[2]!.length, y: 3 },
    });
    expect(wrapped?.question).toBe(`${question}? [y/N]`);
  });

  it('in a pane narrower than 40 columns, the rows the terminal says soft-wrap make the question (and only those)', () => {
    const full = 'Apply the schema change? [y/N] ';
    const rows = [full.slice(0, 19), full.slice(19)];
    const wide = readPrompt('shell', { lines: ['$ ./migrate', full], cursor: { x: full.length, y: 1 } });
    // A full-width row above that ends a line of its own (hard end of line) is not part of the question.
    const narrow = readPrompt('shell', {
      lines: ['migrating to v42 ok', ...rows],
      wraps: [false, true, false],
      cursor: { x: rows[1]!.length, y: 2 },
    });
    expect(narrow?.question).toBe('Apply the schema change? [y/N]');
    expect(narrow?.identity.fingerprint).toBe(wide!.identity.fingerprint);
    const cut = readPrompt('shell', {
      lines: ['migrating to v42 ok', ...rows],
      wraps: [false, false, false],
      cursor: { x: rows[1]!.length, y: 2 },
    });
    expect(cut?.identity.fingerprint).not.toBe(wide!.identity.fingerprint);
  });
});

describe('one item per prompt episode (fake clock, scripted screens)', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  async function setup(kind: 'claude' | 'shell') {
    const fx = await setupPrompts(kind);
    orchestrator = fx.orchestrator;
    return fx;
  }

  it('a re-layout that resizes the pane keeps the one item (one toast)', async () => {
    const { scripted, paneId, step, pending, of } = await setup('claude');
    scripted.show(paneId, WIDE);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    for (const screen of [NARROW, WIDE, NARROW]) {
      scripted.show(paneId, screen);
      await step(300);
    }
    expect(await pending()).toHaveLength(1);
    expect(of('approval.requested')).toHaveLength(1);
    expect(of('approval.withdrawn')).toEqual([]);
  });

  it('real Claude Code screens: shrinking the pane until the dialog scrolls, and growing it back, keep the one item; the decision still answers it', async () => {
    const { scripted, paneId, step, pending, of } = await setup('claude');
    scripted.show(paneId, RESIZED.wide.lines);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [item] = await pending();
    expect(item!.payload).toMatchObject({ command: 'touch approved.txt', detailed: true });
    for (const size of ['narrow', 'short', 'wide', 'short'] as const) {
      scripted.show(paneId, RESIZED[size].lines);
      await step(DEFAULT_PROMPT_TIMINGS.goneAfterMs + 300);
    }
    expect((await pending()).map((a) => a.id)).toEqual([item!.id]);
    expect(of('approval.requested')).toHaveLength(1);
    expect(of('approval.withdrawn')).toEqual([]);
    // Decided while the dialog is scrolled short: the keys are pressed there, and its leaving confirms the answer.
    scripted.onTyped((pane, input) => {
      if (input === 'enter')
        scripted.show(pane, [
          '● Bash(touch approved.txt)',
          '  ⎿  (No content)',
          '',
          '─'.repeat(40),
          '❯ ',
          '─'.repeat(40),
        ]);
    });
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'approve' }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1_000);
    expect(scripted.typed(paneId)).toEqual(['enter']);
    expect(of('prompt.answered')).toMatchObject([
      { approvalId: item!.id, confirmed: true, keys: ['enter'], error: null },
    ]);
  });

  it('a dialog redrawn slowly after a re-layout (blank for longer than goneAfterMs) keeps its item; the same gap without one withdraws it', async () => {
    const { scripted, paneId, step, pending, of } = await setup('claude');
    scripted.show(paneId, RESIZED.wide.lines);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [item] = await pending();
    const slowRedraw = async (gapMs: number) => {
      scripted.show(paneId, ['']);
      await step(gapMs);
      scripted.show(paneId, RESIZED.narrow.lines);
      await step(300);
    };
    // The panes were re-laid out (the backend says so, as iTerm2's layout notification does): a busy CLI takes
    // three times goneAfterMs to draw its dialog again.
    scripted.emit({ type: 'layout.changed' });
    await slowRedraw(DEFAULT_PROMPT_TIMINGS.goneAfterMs * 3);
    expect(of('approval.withdrawn')).toEqual([]);
    expect((await pending()).map((a) => a.id)).toEqual([item!.id]);
    // Long after the re-layout, the same gap is the prompt answered in the terminal.
    await step(DEFAULT_PROMPT_TIMINGS.relayoutGraceMs);
    scripted.emit({ type: 'pane.keystroke', paneId }); // the person answers in the terminal
    await slowRedraw(DEFAULT_PROMPT_TIMINGS.goneAfterMs * 3);
    expect(of('approval.withdrawn').map((e) => e.approval.id)).toEqual([item!.id]);
    expect(of('approval.requested')).toHaveLength(2);
  });

  it('a reading taken while the dialog is half redrawn (other choices, no details) does not replace the item', async () => {
    const { scripted, paneId, step, pending, of } = await setup('claude');
    scripted.show(paneId, RESIZED.wide.lines);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [item] = await pending();
    // Mid-redraw: the top (tool, command) not drawn yet and the last choice cut short.
    const choice = RESIZED.short.lines.findIndex((line) => /No\s*$/.test(line));
    const halfDrawn = RESIZED.short.lines.map((line, i) =>
      i === choice ? line.replace(/No\s*$/, 'N') : line,
    );
    expect(readPrompt('claude', { lines: halfDrawn, cursor: { x: 0, y: 0 } })?.identity.shape).not.toBe(
      item!.payload['shape'],
    );
    scripted.show(paneId, halfDrawn);
    await step(300);
    scripted.show(paneId, RESIZED.wide.lines);
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 300);
    expect((await pending()).map((a) => a.id)).toEqual([item!.id]);
    expect(of('approval.withdrawn')).toEqual([]);
    expect(of('approval.requested')).toHaveLength(1);
  });

  it('a prompt first seen scrolled short is the item; growing the pane to show its details keeps it', async () => {
    const { scripted, paneId, step, pending, of } = await setup('claude');
    scripted.show(paneId, RESIZED.short.lines);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [item] = await pending();
    expect(item!.payload).toMatchObject({ detailed: false, question: 'Do you want to proceed?' });
    scripted.show(paneId, RESIZED.wide.lines);
    await step(DEFAULT_PROMPT_TIMINGS.goneAfterMs + 300);
    // Once its details were read they count: another command in the same dialog is another prompt.
    scripted.show(
      paneId,
      RESIZED.wide.lines.map((l) => l.replace('touch approved.txt', 'touch denied.txt')),
    );
    await step(DEFAULT_PROMPT_TIMINGS.goneAfterMs + 300);
    expect(of('approval.requested')).toHaveLength(2);
    expect(of('approval.withdrawn').map((e) => e.approval.id)).toEqual([item!.id]);
    expect((await pending()).map((a) => a.payload['command'])).toEqual(['touch denied.txt']);
  });

  it('a flapping [y/N] prompt makes one item with the full question, not one per occurrence', async () => {
    const { scripted, paneId, step, pending, of } = await setup('shell');
    const question = 'Retry the deployment of the nightly build to the staging cluster now';
    const asking = (n: number) => {
      const lines = ['$ ./deploy.sh'];
      for (let i = 0; i < n; i++)
        lines.push(question.slice(0, 40), `${question.slice(40)}? [y/N] `, 'no answer, asking again');
      lines.push(question.slice(0, 40), `${question.slice(40)}? [y/N] `);
      return lines;
    };
    for (let round = 0; round < 20; round++) {
      scripted.show(paneId, asking(round % 8));
      await step(1_500);
      // Between askings the cursor sits on the "asking again" line: no prompt on screen for a moment.
      scripted.show(paneId, [...asking(round % 8).slice(0, -2), 'no answer, asking again', '']);
      await step(800);
    }
    expect(of('approval.requested')).toHaveLength(1);
    expect(of('approval.requested')[0]!.approval.payload).toMatchObject({ question: `${question}? [y/N]` });
    expect(await pending()).toHaveLength(1);
    // Once it stays away past the episode gap, the item is withdrawn (answered in the terminal).
    scripted.emit({ type: 'pane.keystroke', paneId });
    scripted.show(paneId, ['$ ./deploy.sh', 'y', 'deployed', '$ ']);
    await step(DEFAULT_PROMPT_TIMINGS.typedGoneAfterMs + 500);
    expect(await pending()).toEqual([]);
    expect(of('approval.withdrawn')).toHaveLength(1);
  });

  it('a decision that pressed nothing (the prompt had gone) is an error, not an answer', async () => {
    const { scripted, paneId, step, pending, of } = await setup('shell');
    scripted.show(paneId, ['$ ./deploy.sh', 'Deploy to production? [y/N] ']);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [item] = await pending();
    // The prompt leaves the screen but the item is still pending (within the episode gap) when the human approves.
    scripted.show(paneId, ['$ ./deploy.sh', 'Deploy to production? [y/N] y', '$ ']);
    await step(300);
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'approve' }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1_000);
    expect(scripted.typed(paneId)).toEqual([]);
    expect(of('prompt.answered')).toMatchObject([
      {
        approvalId: item!.id,
        confirmed: false,
        keys: [],
        error: expect.stringMatching(/nothing was pressed/),
      },
    ]);
    const audit = (await orchestrator.invoke(humanCaller, 'audit.list', {})) as {
      entries: { action: string; outcome: string; target: string }[];
    };
    expect(
      audit.entries.filter((e) => e.target === item!.id).map((e) => [e.action, e.outcome]),
    ).toContainEqual(['prompt.answer_failed', 'failed']);
    expect(audit.entries.some((e) => e.action === 'prompt.answered' && e.target === item!.id)).toBe(false);
  });
});
