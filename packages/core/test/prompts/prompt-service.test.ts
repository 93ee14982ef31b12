import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Approval, type Caller, type SwitchboardEvent } from '@switchboard/protocol';
import {
  DEFAULT_PROMPT_TIMINGS,
  DEFAULT_TIMINGS,
  createOrchestrator,
  type Orchestrator,
} from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { settle } from '../health/scripted-backend';
import { promptBackend } from './prompt-backend';
import { PERMISSION, setupPrompts } from './prompt-fixture';
import { IDLE } from '../fixtures/claude-screens';

const WORKING = [
  '',
  '● Creating the build output file',
  '  ⎿  $ touch build-output.txt',
  '',
  '✻ Kneading… (2s · ↓ 1 tokens)',
  '─'.repeat(40),
  '❯ ',
  '─'.repeat(40),
  '  esc to interrupt',
];
const withCommand = (command: string) => PERMISSION.map((l) => l.replace('touch build-output.txt', command));

describe('permission prompts become approval items (fake clock, scripted screens)', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  async function setup(kind: 'claude' | 'shell' = 'claude') {
    const fx = await setupPrompts(kind);
    orchestrator = fx.orchestrator;
    return fx;
  }

  it("raises one item with the command and the CLI's choices, however often the screen redraws", async () => {
    const { scripted, paneId, step, pending, prompt, of } = await setup();
    await prompt();
    for (let i = 0; i < 5; i++) {
      scripted.show(paneId, PERMISSION);
      await step(200);
    }
    const items = await pending();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'permission',
      summary: 'c1 asks: Bash command: touch build-output.txt',
      payload: {
        source: 'screen',
        cli: 'claude',
        tool: 'Bash command',
        command: 'touch build-output.txt',
        question: 'Do you want to proceed?',
      },
    });
    expect(items[0]!.choices).toHaveLength(4);
    expect(items[0]!.choices[3]).toBe('No');
    expect(of('approval.requested')).toHaveLength(1);
    expect(orchestrator.prompts.openItemOf(items[0]!.requester)).toBe(items[0]!.id);
  });

  it('approve: waits for the dialog to settle, presses Enter, confirms the prompt left, audits who decided', async () => {
    const { scripted, paneId, step, pending, prompt, of } = await setup();
    scripted.onTyped((pane, input) => input === 'enter' && scripted.show(pane, WORKING));
    await prompt();
    const [item] = await pending();
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'approve' }],
    });
    await step(100);
    expect(scripted.typed(paneId)).toEqual([]); // the CLI ignores keys right after it draws the dialog
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 500);
    expect(scripted.typed(paneId)).toEqual(['enter']);
    expect(of('prompt.answered')).toMatchObject([
      { approvalId: item!.id, keys: ['enter'], attempts: 1, confirmed: true },
    ]);
    const audit = (await orchestrator.invoke(humanCaller, 'audit.list', { action: 'prompt.answered' })) as {
      entries: { actor: Caller; target: string; details: { confirmed: boolean } }[];
    };
    expect(audit.entries).toMatchObject([
      { actor: { kind: 'human', id: 'human' }, target: item!.id, details: { confirmed: true } },
    ]);
    expect(await pending()).toEqual([]);
    await step(2000);
    expect(of('approval.requested')).toHaveLength(1);
  });

  it('deny walks to "No" and presses Enter; a named choice picks that option', async () => {
    const { scripted, paneId, step, pending, prompt } = await setup();
    scripted.onTyped((pane, input) => input === 'enter' && scripted.show(pane, IDLE));
    await prompt();
    const [first] = await pending();
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: first!.id, verdict: 'deny' }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1500);
    expect(scripted.typed(paneId)).toEqual(['down', 'down', 'down', 'enter']);

    await prompt(withCommand('make release'));
    const [second] = await pending();
    expect(second!.payload.command).toBe('make release');
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: second!.id, verdict: 'approve', choice: second!.choices[2]! }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1500);
    expect(scripted.typed(paneId).slice(4)).toEqual(['down', 'down', 'enter']);
  });

  it('presses the keys once: a starved CLI that reads them late gets one Enter, and its next prompt stays undecided', async () => {
    const { clock, scripted, paneId, step, pending, prompt, of } = await setup();
    // The CLI reads the Enter 4 s late (a starved machine), then goes on and asks about something else.
    scripted.onTyped((pane, input) => {
      if (input !== 'enter') return;
      clock.setTimeout(() => scripted.show(pane, WORKING), 4000);
      clock.setTimeout(() => scripted.show(pane, withCommand('rm -rf build')), 4500);
    });
    await prompt();
    const [item] = await pending();
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'approve' }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 6000 + DEFAULT_TIMINGS.debounceMs);
    expect(scripted.typed(paneId)).toEqual(['enter']);
    expect(of('prompt.answered')).toMatchObject([{ approvalId: item!.id, attempts: 1, confirmed: true }]);
    const [next] = await pending();
    expect(next).toMatchObject({ status: 'pending', payload: { command: 'rm -rf build' } });
  });

  it('alerts the person when the prompt never leaves, without pressing the keys again', async () => {
    const { scripted, paneId, step, pending, prompt, of } = await setup();
    await prompt(withCommand('npm publish'));
    const [stuck] = await pending();
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: stuck!.id, verdict: 'approve' }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + DEFAULT_PROMPT_TIMINGS.confirmTimeoutMs + 1000);
    expect(of('prompt.answered').at(-1)).toMatchObject({
      approvalId: stuck!.id,
      attempts: 1,
      confirmed: false,
    });
    expect(scripted.typed(paneId)).toEqual(['enter']);
    const { items } = (await orchestrator.invoke(humanCaller, 'attention.list', {})) as {
      items: { kind: string; title: string }[];
    };
    expect(items.find((i) => i.kind === 'error')?.title).toBe('c1: the prompt did not take the answer');
    // Still on screen, still undecided in reality, but not raised a second time.
    await step(3000);
    expect(await pending()).toEqual([]);
  });

  it('a prompt answered in the terminal withdraws its item; a new prompt then gets a new item', async () => {
    const { scripted, paneId, step, pending, prompt, of } = await setup();
    await prompt();
    const [item] = await pending();
    scripted.emit({ type: 'pane.keystroke', paneId }); // the person answers in the terminal
    scripted.show(paneId, WORKING);
    await step(DEFAULT_PROMPT_TIMINGS.goneAfterMs + 300);
    expect(await pending()).toEqual([]);
    expect(of('approval.withdrawn')).toMatchObject([
      {
        approval: { id: item!.id, status: 'withdrawn', decision: null },
        reason: expect.stringMatching(/answered in the terminal/),
      },
    ]);
    expect(orchestrator.approvals.get(item!.id)!.status).toBe('withdrawn');
    expect(scripted.typed(paneId)).toEqual([]);
    await prompt(withCommand('git push'));
    expect((await pending()).map((a) => a.payload.command)).toEqual(['git push']);
  });

  it('a prompt painted over by output alone keeps its item: the agent cannot answer it itself', async () => {
    const { scripted, paneId, step, pending, agent, of } = await setup('shell');
    scripted.show(paneId, ['$ ./wipe.sh', 'Wipe the disk? [y/N] ']);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [item] = await pending();
    // A background job of the agent prints an idle-looking screen over the question still waiting for a line.
    scripted.show(paneId, ['$ ']);
    await step(DEFAULT_PROMPT_TIMINGS.typedGoneAfterMs * 3);
    expect((await pending()).map((a) => a.id)).toEqual([item!.id]);
    await expect(
      orchestrator.invoke({ kind: 'agent', id: agent.id }, 'pane.send', { targets: [paneId], text: 'y' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(scripted.typed(paneId)).toEqual([]);
    // The person typing there (in the terminal) is what answers a prompt without a decision.
    scripted.emit({ type: 'pane.keystroke', paneId }); // the person answers in the terminal
    scripted.show(paneId, ['$ ', '$ ']);
    await step(DEFAULT_PROMPT_TIMINGS.typedGoneAfterMs + 500);
    expect(await pending()).toEqual([]);
    expect(of('approval.withdrawn').map((e) => e.approval.id)).toEqual([item!.id]);
  });

  it('a painted-over prompt decided by the person (nothing to press) keeps the pane closed to the agent until the person types', async () => {
    const { scripted, paneId, step, pending, agent } = await setup('shell');
    const asAgent = { kind: 'agent' as const, id: agent.id };
    scripted.show(paneId, ['$ ./wipe.sh', 'Wipe the disk? [y/N] ']);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [item] = await pending();
    scripted.show(paneId, ['$ ']);
    await step(DEFAULT_PROMPT_TIMINGS.typedGoneAfterMs * 2);
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'deny' }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1000);
    expect(await pending()).toEqual([]);
    // Nothing was pressed (no prompt on screen), so the question may still wait for a line: not the agent's.
    await expect(
      orchestrator.invoke(asAgent, 'pane.send', { targets: [paneId], text: 'y' }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('left the screen') });
    expect(scripted.typed(paneId)).toEqual([]);
    scripted.emit({ type: 'pane.keystroke', paneId });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 6000); // the person's quiet period (take control) ends too
    await orchestrator.invoke(asAgent, 'pane.send', { targets: [paneId], text: 'ls', submit: false });
    expect(scripted.typed(paneId)).toEqual(['ls']);
  });

  it('a prompt replaced by another on screen withdraws the first and raises the second', async () => {
    const { step, pending, prompt, of, scripted, paneId } = await setup();
    await prompt();
    scripted.show(paneId, withCommand('rm -rf dist'));
    // Not at the first reading (it could be a dialog half redrawn): once the other prompt stayed settleMs.
    await step(400);
    expect(of('approval.withdrawn')).toHaveLength(0);
    await step(DEFAULT_PROMPT_TIMINGS.settleMs);
    expect((await pending()).map((a) => a.payload.command)).toEqual(['rm -rf dist']);
    expect(of('approval.withdrawn')).toHaveLength(1);
  });

  it('a permission hook and the screen together make one item; a hook alone makes one after the fallback, withdrawn when the agent moves on', async () => {
    const { agent, step, pending, prompt, scripted, paneId, of } = await setup();
    const asAgent: Caller = { kind: 'agent', id: agent.id };
    await orchestrator.invoke(asAgent, 'health.reportHook', {
      event: 'Notification',
      notificationType: 'permission_prompt',
      message: 'Claude needs your permission to use Bash',
    });
    await prompt();
    await step(DEFAULT_PROMPT_TIMINGS.hookFallbackMs + 500);
    expect(await pending()).toHaveLength(1);
    expect((await pending())[0]!.payload.source).toBe('screen');

    scripted.emit({ type: 'pane.keystroke', paneId }); // the person answers in the terminal
    scripted.show(paneId, WORKING);
    await step(1000);
    scripted.show(paneId, ['garbled']);
    await orchestrator.invoke(asAgent, 'health.reportHook', {
      event: 'Notification',
      notificationType: 'permission_prompt',
      message: 'Claude needs your permission to use Write',
    });
    await step(DEFAULT_PROMPT_TIMINGS.hookFallbackMs + 100);
    const [hooked] = await pending();
    expect(hooked).toMatchObject({
      summary: 'c1 asks permission to use Write: Claude needs your permission to use Write',
      payload: { source: 'hook', tool: 'Write' },
      choices: ['Yes', 'No'],
    });
    // The agent's own hook report alone is not the person answering (the agent could send it over its prompt).
    await orchestrator.invoke(asAgent, 'health.reportHook', { event: 'PostToolUse', toolName: 'Write' });
    expect((await pending()).map((a) => a.id)).toEqual([hooked!.id]);
    scripted.emit({ type: 'pane.keystroke', paneId });
    await orchestrator.invoke(asAgent, 'health.reportHook', { event: 'PostToolUse', toolName: 'Write' });
    expect(await pending()).toEqual([]);
    expect(of('approval.withdrawn').at(-1)!.approval.id).toBe(hooked!.id);
  });

  it('a policy can answer prompts: matching items are approved and the keys pressed without a person', async () => {
    const { scripted, paneId, step, prompt, of } = await setup();
    scripted.onTyped((pane, input) => input === 'enter' && scripted.show(pane, WORKING));
    await orchestrator.invoke(humanCaller, 'policy.add', {
      kind: 'permission',
      pattern: 'touch *',
      action: 'approve',
    });
    await prompt();
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1000);
    expect(scripted.typed(paneId)).toEqual(['enter']);
    expect(of('approval.requested')[0]!.approval.status).toBe('pending');
    expect(of('approval.decided')[0]!.approval).toMatchObject({
      status: 'approved',
      decision: { automatic: true },
    });
    expect(of('prompt.answered')).toMatchObject([{ confirmed: true }]);
  });

  it('a shell [y/n] question is answered by typing', async () => {
    const { scripted, paneId, step, pending, of } = await setup('shell');
    scripted.onTyped(
      (pane, input) =>
        input === 'enter' &&
        scripted.show(pane, ['$ ./deploy.sh', 'Deploy to production? [y/N] n', 'aborted', '$ ']),
    );
    scripted.show(paneId, ['$ ./deploy.sh', 'Deploy to production? [y/N] ']);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [item] = await pending();
    expect(item).toMatchObject({ choices: ['y', 'n'], summary: 'c1 asks: Deploy to production? [y/N]' });
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: item!.id, verdict: 'deny' }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1000);
    expect(scripted.typed(paneId)).toEqual(['n', 'enter']);
    expect(of('prompt.answered')).toMatchObject([{ confirmed: true, keys: ['n', 'enter'] }]);
  });

  it("an item forged with another agent's prompt payload is refused, and one naming another agent never presses keys", async () => {
    const { scripted, paneId, step, pending } = await setup('shell');
    scripted.show(paneId, ['$ ./wipe.sh', 'Wipe the disk? [y/N] ']);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const [real] = await pending();
    // The payload is computable from the screen, which any agent whose role has pane.read may read.
    const { agent: mallory } = await orchestrator.fleet.spawn({
      name: 'mallory',
      kind: 'shell',
      role: 'builder',
    });
    const forged = {
      kind: 'permission',
      summary: 'mallory asks: may I read the README?',
      choices: ['y', 'n'],
    };
    await expect(
      orchestrator.invoke({ kind: 'agent', id: mallory.id }, 'approval.request', {
        ...forged,
        payload: real!.payload,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('payload.source') });
    // One already stored (written before the contract refused it) is not taken for the victim's prompt.
    const stored = orchestrator.approvals.raise(
      { kind: 'agent', id: mallory.id },
      {
        ...(forged as { kind: 'permission'; summary: string; choices: string[] }),
        payload: real!.payload,
        expiresInMs: 60_000,
        onExpiry: 'deny',
      },
    );
    await orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: stored.id, verdict: 'approve' }],
    });
    await step(DEFAULT_PROMPT_TIMINGS.settleMs + 1000);
    expect(scripted.typed(paneId)).toEqual([]);
    expect((await pending()).map((a) => a.id)).toEqual([real!.id]);
  });

  it('after a restart, a pending item is adopted (not raised again) and withdrawn once its prompt is gone', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-prompts-')), 'switchboard.db');
    const clock = new FakeClock();
    const scripted = promptBackend();
    const first = createOrchestrator({ databasePath, backend: scripted.backend, clock });
    const { agent } = await first.fleet.spawn({ name: 'c1', kind: 'claude', role: 'builder' });
    const step = async (ms: number) => {
      for (let left = ms; left > 0; left -= 10) {
        clock.advance(Math.min(10, left));
        await settle();
      }
    };
    scripted.show(agent.paneId!, PERMISSION);
    await step(DEFAULT_TIMINGS.debounceMs + 300);
    const {
      approvals: [item],
    } = (await first.invoke(humanCaller, 'approval.list', { kind: 'permission' })) as {
      approvals: Approval[];
    };
    expect(item).toBeDefined();
    await first.close();

    orchestrator = createOrchestrator({ databasePath, backend: scripted.backend, clock });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    await orchestrator.ready;
    scripted.show(agent.paneId!, PERMISSION);
    await step(2000);
    expect(orchestrator.prompts.openItemOf(agent.id)).toBe(item!.id);
    expect(events.filter((e) => e.type === 'approval.requested')).toEqual([]);
    scripted.emit({ type: 'pane.keystroke', paneId: agent.paneId! });
    scripted.show(agent.paneId!, WORKING);
    await step(DEFAULT_PROMPT_TIMINGS.goneAfterMs + 300);
    expect(orchestrator.approvals.get(item!.id)!.status).toBe('withdrawn');
  });
});
