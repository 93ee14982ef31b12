// Spawning as people do it, on the embedded iTerm2-API server with real shells: an initial task typed
// once the CLI is ready (confirmed submitted), and the demo fleet's scripted agents calling the MCP
// endpoint with their own tokens: messages, a lock request, an escalation and a handoff waiting for
// the human.
import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ITerm2Backend, staticAuth } from '@switchboard/iterm-bridge';
import { eventually } from '@switchboard/core/testing';
import {
  humanCaller,
  type Agent,
  type Approval,
  type Message,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import { startTestHost } from '../host-fixture';
import { atPromptByHook } from '../support/at-prompt-by-hook';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function simHost() {
  const { host, dataDir } = await startTestHost({ backend: 'sim' });
  cleanups.push(() => host.close());
  const events: SwitchboardEvent[] = [];
  host.orchestrator.subscribe((event) => events.push(event));
  const call = <T>(name: string, input: unknown) =>
    host.orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  return { host, events, call, dataDir };
}

describe('spawning on the embedded iTerm2-API server', () => {
  it('types the initial task once the shell sits at its prompt, and confirms it was submitted', async () => {
    const { host, events, call } = await simHost();
    const agent = await call<Agent>('agent.spawn', {
      name: 'tasked',
      kind: 'custom',
      command: '/bin/bash --norc --noprofile',
      task: 'echo TASK-$((6*7))',
    });
    const submitted = await eventually(
      () =>
        events.find(
          (e) =>
            (e.type === 'agent.task_submitted' || e.type === 'agent.task_failed') && e.agentId === agent.id,
        ),
      60_000,
      'the task outcome',
    );
    expect(submitted).toMatchObject({ type: 'agent.task_submitted' });
    await eventually(
      async () =>
        (await host.backend.readScreen(agent.paneId!)).lines.some((line) => line.startsWith('TASK-42')) ||
        undefined,
      30_000,
      "the task's output",
    );
    expect(events.filter((e) => e.type === 'agent.task_submitted' && e.agentId === agent.id)).toHaveLength(1);
  });

  it("holds a wired CLI's initial task until its MCP client has listed Switchboard's tools, then types it once", async () => {
    const { host, events, call, dataDir } = await simHost();
    // A stand-in for Claude Code: takes its wiring's arguments and sits at a shell prompt at once (as Claude Code
    // shows its prompt before its MCP servers connect).
    const cli = join(dataDir, 'fake-claude.sh');
    writeFileSync(cli, '#!/bin/sh\nexec /bin/bash --norc --noprofile\n', { mode: 0o755 });
    const agent = await call<Agent>('agent.spawn', {
      name: 'wired',
      kind: 'claude',
      command: cli,
      task: 'echo WIRED-$((6*7))',
    });
    const asAgent = { kind: 'agent', id: agent.id } as const;
    // Claude Code's Stop hook says it sits at its prompt (the stand-in's screen is not Claude Code's).
    await atPromptByHook(host, agent.id);
    // Idle at its prompt, but no tools/list yet: the task waits (three seconds here; held after 30 s by default).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const screen = async () => (await host.backend.readScreen(agent.paneId!)).lines.join('\n');
    expect(await screen()).not.toContain('WIRED-');
    expect(events.some((e) => e.type === 'agent.task_submitted' && e.agentId === agent.id)).toBe(false);
    // Its MCP client lists its tools (the MCP server asks the host who it is): the task goes in, once.
    await host.orchestrator.invoke(asAgent, 'agent.whoami', {});
    await eventually(
      async () => (await screen()).includes('WIRED-42') || undefined,
      30_000,
      "the task's output",
    );
    await eventually(
      () => events.some((e) => e.type === 'agent.task_submitted' && e.agentId === agent.id) || undefined,
      30_000,
      'the task submitted',
    );
    expect(events.filter((e) => e.type === 'agent.task_submitted' && e.agentId === agent.id)).toHaveLength(1);
  });

  it('holds the initial task while the human has control of the pane (the input gate), then types it once', async () => {
    const { host, events, call } = await simHost();
    const agent = await call<Agent>('agent.spawn', {
      name: 'held',
      kind: 'custom',
      command: '/bin/bash --norc --noprofile',
      task: 'echo HELD-$((6*7))',
    });
    const outcome = () =>
      events.find(
        (e) =>
          (e.type === 'agent.task_submitted' || e.type === 'agent.task_failed') && e.agentId === agent.id,
      );
    const heldTask = () =>
      events.find(
        (e) =>
          e.type === 'pane.input_held' && e.paneId === agent.paneId && e.origin === 'system:initial task',
      );
    // The human keeps pressing a harmless key (ctrl+u clears the input line) until the task is held by it.
    for (let tries = 0; !heldTask() && !outcome() && tries < 120; tries++) {
      await call('pane.keys', { targets: ['held'], keys: ['ctrl+u'] });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(heldTask()).toMatchObject({ reason: expect.stringMatching(/human|typing|control/i) });
    expect(outcome()).toBeUndefined();
    expect((await host.backend.readScreen(agent.paneId!)).lines.join('\n')).not.toContain('HELD-');
    // The human stops: after the quiet period the task goes in, once, and runs.
    expect(await eventually(outcome, 60_000, 'the task outcome')).toMatchObject({
      type: 'agent.task_submitted',
    });
    await eventually(
      async () =>
        (await host.backend.readScreen(agent.paneId!)).lines.some((line) => line.startsWith('HELD-42')) ||
        undefined,
      30_000,
      "the task's output",
    );
    expect(events.filter((e) => e.type === 'agent.task_submitted' && e.agentId === agent.id)).toHaveLength(1);
  });

  it('runs the demo fleet: the scripted agents message each other, hold and ask for a lock, escalate and hand over', async () => {
    const { call } = await simHost();
    const result = await call<{ agents: { spawned: string[] } }>('fleet.demo', {});
    expect(result.agents.spawned).toEqual(['ada', 'grace', 'linus']);
    const pending = await eventually(
      async () => {
        const items = (await call<{ approvals: Approval[] }>('approval.list', {})).approvals;
        const kinds = new Set(items.map((item) => item.kind));
        return kinds.has('lock') && kinds.has('escalation') && kinds.has('handoff') ? items : undefined;
      },
      90_000,
      'a lock request, an escalation and a handoff in the queue',
    );
    expect(pending.find((item) => item.kind === 'escalation')?.summary).toMatch(/staging/);
    const history = (await call<{ messages: Message[] }>('message.history', { agent: 'ada' })).messages;
    const ada = (await call<{ agents: Agent[] }>('agent.list', {})).agents.find((a) => a.name === 'ada')!;
    expect(history.some((m) => m.senderId === ada.id && m.body.includes('ready for review'))).toBe(true);
  });

  it('lists a pane another iTerm2-API client opened, with its command and folder, until it is adopted', async () => {
    const { call, dataDir } = await simHost();
    await call('agent.spawn', { name: 'managed', kind: 'custom', command: '/bin/bash --norc --noprofile' });
    const outside = await ITerm2Backend.connect({
      endpoint: { socketPath: join(dataDir, 'iterm2-sim.sock') },
      auth: staticAuth({}),
      reconnect: false,
    });
    cleanups.push(() => outside.close());
    const pane = await outside.createPane({ command: '/bin/bash --norc --noprofile', cwd: dataDir });
    const listed = await eventually(
      async () => {
        const { sessions } = await call<{
          sessions: { pane: string; command: string | null; cwd: string | null }[];
        }>('pane.listUnmanaged', {});
        // The pane runs the user's shell first, which then becomes the command: wait for the command itself.
        return sessions.some((s) => s.pane === pane.id && s.command?.includes('bash')) ? sessions : undefined;
      },
      30_000,
      'the outside pane listed with its command',
    );
    expect(listed).toEqual([
      expect.objectContaining({ pane: pane.id, command: expect.stringContaining('bash') }),
    ]);
    // The folder it was created in (before session 25 the embedded server said its own working folder).
    expect([dataDir, realpathSync(dataDir)]).toContain(listed[0]!.cwd);
    await call('agent.adopt', { pane: pane.id, name: 'found' });
    expect((await call<{ sessions: unknown[] }>('pane.listUnmanaged', {})).sessions).toEqual([]);
  });
});
