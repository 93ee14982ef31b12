import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import type { ITerm2Backend } from '@switchboard/iterm-bridge';
import { humanCaller, type Message, type SwitchboardEvent } from '@switchboard/protocol';
import { startSimWithBackend } from '../../../iterm-bridge/test/backend/sim-backend';

const program = fileURLToPath(new URL('./swallow-enter.mjs', import.meta.url));

/**
 * Pane delivery against the embedded iTerm2-API server through ITerm2Backend: real ptys, a real program
 * that swallows Enter presses, the real screen model deciding whether the text was submitted.
 */
describe('message typed into a pane on the embedded iTerm2-API server', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function start(): Promise<{
    orchestrator: Orchestrator;
    backend: ITerm2Backend;
    events: SwitchboardEvent[];
  }> {
    const folder = mkdtempSync(join(tmpdir(), 'sb-msg-sim-'));
    const terminal = await startSimWithBackend();
    const { backend } = terminal;
    const orchestrator = createOrchestrator({
      databasePath: join(folder, 'db.sqlite'),
      backend,
      messaging: { pane: { checkIntervalMs: 150, confirmWindowMs: 5_000, lateWatchMs: 2_000 } },
    });
    const events: SwitchboardEvent[] = [];
    orchestrator.subscribe((e) => events.push(e));
    cleanup = async () => {
      await orchestrator.close();
      await terminal.dispose();
      rmSync(folder, { recursive: true, force: true });
    };
    return { orchestrator, backend, events };
  }

  async function spawnProgram(
    orchestrator: Orchestrator,
    backend: ITerm2Backend,
    name: string,
    swallow: string,
    lateMs = 0,
  ) {
    const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
      name,
      kind: 'custom',
      command: `${process.execPath} ${program} ${swallow} ${lateMs}`,
    })) as { id: string; paneId: string };
    await eventually(
      async () => (await backend.readScreen(agent.paneId)).lines.some((l) => l.includes('ready$')),
      15_000,
      `${name}'s program ready`,
    );
    // A custom program's pane gets typed messages only when its owner allows shell-like input (framed as a no-op).
    await orchestrator.invoke(humanCaller, 'message.setPaneInput', { agent: name, mode: 'shell' });
    return agent;
  }

  const historyOf = async (orchestrator: Orchestrator, agent: string) =>
    ((await orchestrator.invoke(humanCaller, 'message.history', { agent })) as { messages: Message[] })
      .messages;

  /** The one message sent to `agent`, once its typing settled (submitted, unconfirmed or failed). */
  const settled = async (orchestrator: Orchestrator, agent: string): Promise<Message> => {
    const [message] = await eventually(
      async () => {
        const messages = await historyOf(orchestrator, agent);
        return ['submitted', 'unconfirmed', 'failed'].includes(messages[0]?.pane.state ?? '')
          ? messages
          : undefined;
      },
      30_000,
      `the message to ${agent} settled`,
    );
    return message!;
  };

  it('presses the submit key once more after the confirm window when the program swallowed the first Enter: submitted after 2 presses', async () => {
    const { orchestrator, backend, events } = await start();
    const agent = await spawnProgram(orchestrator, backend, 'picky', '1');
    await orchestrator.invoke(humanCaller, 'message.send', {
      kind: 'instruction',
      to: { agent: 'picky' },
      body: 'please rebase onto main',
      typeIntoPane: 'always',
    });
    const message = await settled(orchestrator, 'picky');
    expect(message.pane).toEqual({ state: 'submitted', attempts: 2, reason: null });
    expect(message.state).toBe('acked');
    const screen = await backend.readScreen(agent.paneId);
    expect(screen.lines.join('\n')).toMatch(
      /got: : '\[switchboard instruction from human · msg-[^\]]+\] please rebase onto main'/,
    );
    expect(events.filter((e) => e.type === 'message.delivery_failed')).toEqual([]);
  });

  it('a program that reads its Enter 2 s late gets exactly one Enter (the old 3 presses in 1.5 s left 2 waiting in the pty)', async () => {
    const { orchestrator, backend, events } = await start();
    const agent = await spawnProgram(orchestrator, backend, 'starved', '0', 2_000);
    await orchestrator.invoke(humanCaller, 'message.send', {
      to: { agent: 'starved' },
      body: 'read me once',
      typeIntoPane: 'always',
    });
    const message = await settled(orchestrator, 'starved');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // any Enter still in the pty is read by now
    const screen = (await backend.readScreen(agent.paneId)).lines.join('\n');
    expect(screen).toMatch(/got: : '\[switchboard notification from human · msg-[^\]]+\] read me once'/);
    expect(screen).not.toContain('EXTRA ENTER');
    expect(message.pane).toEqual({ state: 'submitted', attempts: 1, reason: null });
    expect(events.filter((e) => e.type === 'message.delivery_failed')).toEqual([]);
  });

  it('records unconfirmed (not failed, no event) after one re-press when Enter never takes', async () => {
    const { orchestrator, backend, events } = await start();
    const agent = await spawnProgram(orchestrator, backend, 'deaf', 'all');
    await orchestrator.invoke(humanCaller, 'message.send', {
      to: { agent: 'deaf' },
      body: 'can you hear me',
      typeIntoPane: 'always',
    });
    const message = await settled(orchestrator, 'deaf');
    expect(message).toMatchObject({ state: 'queued', pane: { state: 'unconfirmed', attempts: 2 } });
    expect(message.pane.reason).toMatch(/^unconfirmed: the submit key was pressed twice/);
    expect(events.filter((e) => e.type === 'message.delivery_failed')).toEqual([]);
    expect((await backend.readScreen(agent.paneId)).lines.join('\n').split('can you hear me')).toHaveLength(
      2,
    );
  });
});
