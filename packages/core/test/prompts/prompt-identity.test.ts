import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { DEFAULT_PROMPT_TIMINGS, DEFAULT_TIMINGS, readPrompt, type Orchestrator } from '../../src/index';
import { PERMISSION, setupPrompts } from './prompt-fixture';

const LONG = 'npm run build -- --workspace packages/core --workspace packages/host --if-present';
/** The same prompt at two widths: the long command wrapped once at 80 columns, twice at 40, the labels wrapped too. */
const WIDE = PERMISSION.flatMap((l) => (l === ' touch build-output.txt' ? [` ${LONG.slice(0, 78)}`, ` ${LONG.slice(78)}`] : [l]));
const NARROW = PERMISSION.flatMap((l) => {
  if (l === ' touch build-output.txt') return [` ${LONG.slice(0, 38)}`, ` ${LONG.slice(38, 76)}`, ` ${LONG.slice(76)}`];
  if (l.startsWith('   2. Yes, and always allow')) return ['   2. Yes, and always allow access to', '      /tmp/sb-claude-project-m4VSca', '      from this'];
  if (l === ' Create the build output file') return [' Create the build', ' output file'];
  return [l];
});

describe('a prompt keeps its identity', () => {
  it('across a resize that wraps the command, the description and the labels elsewhere', () => {
    const wide = readPrompt('claude', { lines: WIDE, cursor: { x: 0, y: 0 } });
    const narrow = readPrompt('claude', { lines: NARROW, cursor: { x: 0, y: 0 } });
    expect(wide).toBeDefined();
    expect(narrow?.fingerprint).toBe(wide!.fingerprint);
    // And another command is another prompt.
    const other = readPrompt('claude', { lines: PERMISSION, cursor: { x: 0, y: 0 } });
    expect(other!.fingerprint).not.toBe(wide!.fingerprint);
  });

  it('a [y/N] question asked again on another row is the same prompt; a wrapped one keeps its full text', () => {
    const first = readPrompt('shell', { lines: ['$ ./deploy.sh', 'Deploy to production? [y/N] '], cursor: { x: 28, y: 1 } });
    const again = readPrompt('shell', { lines: ['$ ./deploy.sh', 'Deploy to production? [y/N] ', 'timed out', 'Deploy to production? [y/N] '], cursor: { x: 28, y: 3 } });
    expect(again!.fingerprint).toBe(first!.fingerprint);
    const question = 'Remove every build artefact under /srv/builds/nightly/2026-12-05 and the caches';
    // At 40 columns the terminal wraps it into full rows and a short last one that holds the cursor.
    const full = `${question}? [y/N] `;
    const rows = [full.slice(0, 40), full.slice(40, 80), full.slice(80)];
    const wrapped = readPrompt('shell', { lines: ['$ ./clean.sh', ...rows], cursor: { x: rows[2]!.length, y: 3 } });
    expect(wrapped?.question).toBe(`${question}? [y/N]`);
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

  it('a flapping [y/N] prompt makes one item with the full question, not one per occurrence', async () => {
    const { scripted, paneId, step, pending, of } = await setup('shell');
    const question = 'Retry the deployment of the nightly build to the staging cluster now';
    const asking = (n: number) => {
      const lines = ['$ ./deploy.sh'];
      for (let i = 0; i < n; i++) lines.push(question.slice(0, 40), `${question.slice(40)}? [y/N] `, 'no answer, asking again');
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
    await orchestrator.invoke(humanCaller, 'approval.decide', { decisions: [{ id: item!.id, verdict: 'approve' }] });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1_000);
    expect(scripted.typed(paneId)).toEqual([]);
    expect(of('prompt.answered')).toMatchObject([{ approvalId: item!.id, confirmed: false, keys: [], error: expect.stringMatching(/nothing was pressed/) }]);
    const audit = (await orchestrator.invoke(humanCaller, 'audit.list', {})) as { entries: { action: string; outcome: string; target: string }[] };
    expect(audit.entries.filter((e) => e.target === item!.id).map((e) => [e.action, e.outcome])).toContainEqual(['prompt.answer_failed', 'failed']);
    expect(audit.entries.some((e) => e.action === 'prompt.answered' && e.target === item!.id)).toBe(false);
  });
});
