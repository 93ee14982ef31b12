import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwitchboardError, humanCaller, type Agent, type Approval, type Caller } from '@switchboard/protocol';
import {
  createMemoryBackend,
  createOrchestrator,
  type ScreenSnapshot,
  type TerminalBackend,
  type WriteOrigin,
} from '../../../src/index';
import { FakeClock } from '../../../src/testing/index';
import { settle } from '../../health/scripted-backend';
import { IDLE, PERMISSION } from '../../fixtures/claude-screens';

const ESC = String.fromCharCode(27);
/** Bytes that answer a prompt by themselves (Enter, newline, Escape, Ctrl+C, Ctrl+D). */
const ANSWERING = new Set(['\r', '\n', ESC, '\u0003', '\u0004']);

interface Answer {
  paneId: string;
  promptId: number;
  drawnAt: number;
  at: number;
  bytes: string;
  /** Drawn in the instant between a screen read and the next write (the race a check cannot see). */
  raced: boolean;
  /** The answering write was the first write into the pane since the prompt was drawn. */
  firstWriteSinceDrawn: boolean;
}

/** One call into the backend, in order: screen reads and writes per pane. */
interface Operation {
  paneId: string;
  kind: 'read' | 'write';
  bytes: string;
}

/**
 * A fake Claude Code per pane over the memory backend: it shows its permission dialog when the test
 * says so; Enter or Escape while the dialog is up answers it (recorded), other keys move the selection,
 * typed text goes to the input line. Like the real one, it ignores keys that arrive at the very moment
 * it draws the dialog (Claude Code 2.1.328 ignores keys for about a second after drawing it). The test
 * can also make it draw the dialog right after a screen read returned (the adversary of the gate's check)
 * and take keys at once, as a line-oriented `[y/N]` question does. Every backend call is recorded.
 */
function fakeClaudes(clock: FakeClock) {
  const memory = createMemoryBackend();
  const prompts = new Map<string, { id: number; drawnAt: number; raced: boolean; writesSince: number }>();
  const answers: Answer[] = [];
  const operations: Operation[] = [];
  const armed = new Set<string>();
  let nextPrompt = 1;
  const draw = (paneId: string, raced: boolean) => {
    if (prompts.has(paneId)) return;
    prompts.set(paneId, { id: nextPrompt++, drawnAt: clock.now(), raced, writesSince: 0 });
    void memory.sendText(paneId, '');
  };
  const backend: TerminalBackend = {
    ...memory,
    async readScreen(paneId): Promise<ScreenSnapshot> {
      await memory.readScreen(paneId);
      const lines = prompts.has(paneId) ? PERMISSION : IDLE;
      operations.push({ paneId, kind: 'read', bytes: '' });
      // The adversary: the dialog appears the moment after this read saw the screen without it.
      if (armed.delete(paneId)) draw(paneId, true);
      return { lines, cursor: { x: 2, y: lines.length - 1 } };
    },
    async sendText(paneId, text) {
      await memory.readScreen(paneId);
      operations.push({ paneId, kind: 'write', bytes: text });
      const prompt = prompts.get(paneId);
      if (prompt) prompt.writesSince++;
      if (
        prompt &&
        (prompt.raced || clock.now() > prompt.drawnAt) &&
        (text.includes('\r') || text.includes(ESC))
      ) {
        prompts.delete(paneId);
        answers.push({
          paneId,
          promptId: prompt.id,
          drawnAt: prompt.drawnAt,
          at: clock.now(),
          bytes: text,
          raced: prompt.raced,
          firstWriteSinceDrawn: prompt.writesSince === 1,
        });
      }
      await memory.sendText(paneId, text.replaceAll('\r', '').replaceAll(ESC, ''));
    },
  };
  return {
    backend,
    memory,
    answers,
    operations,
    showPrompt(paneId: string) {
      draw(paneId, false);
    },
    /** The pane's next screen read returns the screen as it was, then the dialog is drawn. */
    showPromptAfterNextRead(paneId: string) {
      if (!prompts.has(paneId)) armed.add(paneId);
    },
  };
}

type Action =
  | { kind: 'prompt'; pane: number }
  | { kind: 'promptDuringCheck'; pane: number }
  | { kind: 'deliver'; pane: number; text: string }
  | { kind: 'agentKeys'; from: number; pane: number; key: 'enter' | 'escape' | 'down' | 'ctrl+c' }
  | { kind: 'agentSend'; from: number; pane: number; text: string; submit: boolean }
  | { kind: 'humanTypes'; pane: number; text: string }
  | { kind: 'humanKeystroke'; pane: number }
  | { kind: 'recoveryInterrupt'; pane: number }
  | { kind: 'decide'; pane: number; verdict: 'approve' | 'deny' }
  | { kind: 'wait'; ms: number };

const pane = fc.integer({ min: 0, max: 2 });
const words = fc.constantFrom('hello', 'y', '1', 'yes\r', 'rm -rf ~\r', '\r', '', `no${ESC}`, 'a\nb');
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('prompt' as const), pane }),
  fc.record({ kind: fc.constant('promptDuringCheck' as const), pane }),
  fc.record({ kind: fc.constant('deliver' as const), pane, text: words }),
  fc.record({
    kind: fc.constant('agentKeys' as const),
    from: pane,
    pane,
    key: fc.constantFrom('enter' as const, 'escape' as const, 'down' as const, 'ctrl+c' as const),
  }),
  fc.record({ kind: fc.constant('agentSend' as const), from: pane, pane, text: words, submit: fc.boolean() }),
  fc.record({ kind: fc.constant('humanTypes' as const), pane, text: words }),
  fc.record({ kind: fc.constant('humanKeystroke' as const), pane }),
  fc.record({ kind: fc.constant('recoveryInterrupt' as const), pane }),
  fc.record({
    kind: fc.constant('decide' as const),
    pane,
    verdict: fc.constantFrom('approve' as const, 'deny' as const),
  }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 3_000 }) }),
);

async function run(actions: Action[]): Promise<void> {
  const clock = new FakeClock();
  const fake = fakeClaudes(clock);
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend: fake.backend,
    clock,
    humanQuietMs: 1_000,
  });
  const step = async (ms: number) => {
    for (let left = ms; left > 0; left -= 50) {
      clock.advance(Math.min(50, left));
      await settle();
    }
  };
  try {
    // Three Claude Code agents: two builders and an orchestrator (which may write into others' panes).
    const agents: Agent[] = [];
    for (const [name, role] of [
      ['a', 'builder'],
      ['b', 'builder'],
      ['boss', 'orchestrator'],
    ] as const) {
      agents.push((await orchestrator.fleet.spawn({ name, kind: 'claude', role })).agent);
    }
    const paneOf = (i: number) => agents[i]!.paneId!;
    const as = (i: number): Caller => ({ kind: 'agent', id: agents[i]!.id });
    const background: Promise<unknown>[] = [];
    const quietly = (work: Promise<unknown>) =>
      background.push(
        work.catch((error: unknown) => {
          if (!(error instanceof SwitchboardError)) throw error;
        }),
      );
    let messages = 0;
    /** A delivery as messaging does it: held while blocked, typed when writable, then Enter the same way. */
    const deliver = async (paneId: string, text: string) => {
      const origin: WriteOrigin = { kind: 'message', messageId: `msg-${++messages}`, senderId: 'human' };
      for (const part of [{ text }, { text: '\r' }]) {
        for (;;) {
          const result = await orchestrator.gate.write({ paneId, origin, ...part, whenBlocked: 'hold' });
          if (result.status === 'written') break;
          await orchestrator.gate.whenWritable(paneId, origin);
        }
      }
    };
    for (const act of actions) {
      switch (act.kind) {
        case 'prompt':
          fake.showPrompt(paneOf(act.pane));
          break;
        case 'promptDuringCheck':
          fake.showPromptAfterNextRead(paneOf(act.pane));
          break;
        case 'deliver':
          quietly(deliver(paneOf(act.pane), act.text));
          break;
        case 'agentKeys':
          quietly(
            orchestrator.invoke(as(act.from), 'pane.keys', { targets: [paneOf(act.pane)], keys: [act.key] }),
          );
          break;
        case 'agentSend':
          quietly(
            orchestrator.invoke(as(act.from), 'pane.send', {
              targets: [paneOf(act.pane)],
              text: act.text,
              submit: act.submit,
            }),
          );
          break;
        case 'humanTypes':
          quietly(
            orchestrator.invoke(humanCaller, 'pane.send', {
              targets: [paneOf(act.pane)],
              text: act.text,
              submit: false,
            }),
          );
          break;
        case 'humanKeystroke':
          fake.memory.typeAsHuman(paneOf(act.pane), '');
          break;
        case 'recoveryInterrupt':
          quietly(
            orchestrator.gate.write({
              paneId: paneOf(act.pane),
              origin: { kind: 'recovery', step: 'interrupt' },
              keys: ['ctrl+c'],
            }),
          );
          break;
        case 'decide': {
          const { approvals } = (await orchestrator.invoke(humanCaller, 'approval.list', {
            kind: 'permission',
          })) as { approvals: Approval[] };
          const item = approvals.find((a) => a.requester === agents[act.pane]!.id);
          if (item)
            quietly(
              orchestrator.invoke(humanCaller, 'approval.decide', {
                decisions: [{ id: item.id, verdict: act.verdict }],
              }),
            );
          break;
        }
        case 'wait':
          await step(act.ms);
          break;
      }
      await settle();
    }
    await step(8_000);
    // Every byte that can answer a prompt starts its write, and every write directly follows a screen read of
    // its pane: a check stands right before each such byte, however long the text before it.
    for (const [index, op] of fake.operations.entries()) {
      if (op.kind !== 'write') continue;
      expect(
        [...op.bytes].findIndex((char, i) => i > 0 && ANSWERING.has(char)),
        `write ${JSON.stringify(op.bytes)} has an answering byte after other text`,
      ).toBe(-1);
      const previous = fake.operations
        .slice(0, index)
        .reverse()
        .find((o) => o.paneId === op.paneId);
      expect(previous?.kind, `write ${JSON.stringify(op.bytes)} without a screen read right before it`).toBe(
        'read',
      );
    }
    // Every answer of a prompt came while a decision on that agent's item had been made after the prompt was drawn,
    // except in the window no check can close: a dialog drawn right after the last read, taking the very next write.
    const { approvals } = (await orchestrator.invoke(humanCaller, 'approval.history', {
      kind: 'permission',
      limit: 1000,
    })) as { approvals: Approval[] };
    for (const answer of fake.answers) {
      const agent = agents.find((a) => a.paneId === answer.paneId)!;
      const decided = approvals.filter(
        (a) =>
          a.requester === agent.id &&
          a.decision &&
          Date.parse(a.decision.decidedAt) >= answer.drawnAt &&
          Date.parse(a.decision.decidedAt) <= answer.at,
      );
      if (answer.raced && answer.firstWriteSinceDrawn && ANSWERING.has(answer.bytes[0] ?? '')) continue;
      expect(
        decided,
        `prompt ${answer.promptId} in ${agent.name}'s pane answered at ${answer.at - answer.drawnAt} ms with ${JSON.stringify(answer.bytes)} without a decision`,
      ).not.toHaveLength(0);
    }
    await Promise.all(background.map((work) => Promise.race([work, Promise.resolve()])));
  } finally {
    await orchestrator.close();
  }
}

describe('property: no prompt is ever answered except by a decision', () => {
  it("over random interleavings of deliveries, agents' keys, the human typing, recovery, prompts and decisions", async () => {
    await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), run), {
      numRuns: process.env['STRESS'] === '1' ? 300 : 25,
    });
  }, 300_000);
});
