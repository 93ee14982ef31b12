import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMINGS, decide, type Evidence } from '../../src/index';

const T = DEFAULT_TIMINGS;
const base: Evidence = { kind: 'claude', alive: true };
const screen = (
  state: Evidence['screen'] extends infer S ? (S extends { verdict: infer V } ? V : never) : never,
  since = 0,
) => ({ verdict: state, since, at: since });

describe('decide: combining signals', () => {
  it('a screen alone decides with low confidence', () => {
    const d = decide({ ...base, screen: screen({ state: 'idle', detail: 'input box' }) }, 1000, T);
    expect(d).toMatchObject({ state: 'idle', confidence: 'low', unsure: false, decidedBy: 'screen' });
  });

  it('two independent signals that agree give high confidence', () => {
    const d = decide(
      { ...base, screen: screen({ state: 'working', detail: 'esc to interrupt' }), lastOutputAt: 900 },
      1000,
      T,
    );
    expect(d).toMatchObject({ state: 'working', confidence: 'high' });
    expect(d!.signals.map((s) => s.source)).toEqual(['screen', 'output']);
  });

  it('hooks outrank the screen', () => {
    const d = decide(
      {
        ...base,
        hook: { state: 'waiting_for_input', detail: 'hook Notification', at: 500 },
        screen: screen({ state: 'idle', detail: 'input box' }, 400),
      },
      1000,
      T,
    );
    expect(d).toMatchObject({ state: 'waiting_for_input', decidedBy: 'hook', confidence: 'low' });
  });

  it('a working hook yields at once to a question the screen shows after it (a permission dialog after PreToolUse)', () => {
    const hook = { state: 'working' as const, detail: 'hook PreToolUse (Bash)', at: 100 };
    const dialog = { state: 'waiting_for_input' as const, detail: 'permission prompt' };
    expect(decide({ ...base, hook, screen: screen(dialog, 150) }, 160, T)).toMatchObject({
      state: 'waiting_for_input',
      decidedBy: 'screen',
    });
    // A question read before the hook is older news: the hook stands.
    expect(decide({ ...base, hook, screen: screen(dialog, 50) }, 160, T)).toMatchObject({
      state: 'working',
      decidedBy: 'hook',
    });
  });

  it('a hook yields to a screen that has contradicted it for hookStaleMs (a missed Stop)', () => {
    const evidence = {
      ...base,
      hook: { state: 'working' as const, detail: 'hook PreToolUse', at: 0 },
      screen: screen({ state: 'idle', detail: 'input box' }, 100),
    };
    expect(decide(evidence, 100 + T.hookStaleMs - 1, T)!.state).toBe('working');
    expect(decide(evidence, 100 + T.hookStaleMs, T)!.state).toBe('idle');
  });

  it('process exit outranks everything', () => {
    const d = decide({ ...base, alive: false, hook: { state: 'working', detail: 'x', at: 0 } }, 10, T);
    expect(d).toMatchObject({ state: 'exited', decidedBy: 'process' });
  });

  it('OSC 133: a running command plus a question on screen is waiting for input, with high confidence', () => {
    const d = decide(
      {
        kind: 'shell',
        alive: true,
        prompt: { phase: 'running', lastExitStatus: undefined, at: 0 },
        screen: screen({ state: 'waiting_for_input', detail: 'question' }),
      },
      5000,
      T,
    );
    expect(d).toMatchObject({ state: 'waiting_for_input', confidence: 'high' });
  });

  it('OSC 133: back at the prompt after a failing command is an error', () => {
    const d = decide(
      {
        kind: 'shell',
        alive: true,
        prompt: { phase: 'prompt', lastExitStatus: 2, at: 0 },
        screen: screen({ state: 'idle', detail: 'prompt' }),
      },
      5000,
      T,
    );
    expect(d).toMatchObject({ state: 'error', decidedBy: 'prompt_mark' });
  });

  it('a TUI with no known pattern while output flows is flagged unsure after unsureAfterMs, not guessed', () => {
    const evidence: Evidence = { ...base, screen: screen(undefined, 0), lastOutputAt: T.unsureAfterMs - 10 };
    expect(decide(evidence, T.unsureAfterMs - 20, T)).toMatchObject({
      state: 'working',
      confidence: 'low',
      unsure: false,
    });
    expect(decide(evidence, T.unsureAfterMs, T)).toMatchObject({ state: 'unknown', unsure: true });
  });

  it('no signal at all decides nothing', () => {
    expect(decide({ ...base, screen: screen(undefined, 0) }, 100, T)).toBeUndefined();
  });

  it('a state the agent declares (SetUserVar / custom sequence) outranks the screen', () => {
    const d = decide(
      {
        ...base,
        declared: { state: 'error', detail: 'declared', at: 0 },
        screen: screen({ state: 'idle', detail: 'x' }),
      },
      10,
      T,
    );
    expect(d).toMatchObject({ state: 'error', decidedBy: 'declared' });
  });
});
