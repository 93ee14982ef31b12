// A wired CLI's first task never reaches it before Switchboard's tools do. Stand-ins for Claude Code, real shells in
// real panes on the embedded iTerm2-API server, draw their prompt at once and connect their MCP client (initialize,
// tools/list with the agent's own token, over HTTP) only when the test says so: after the wait at the prompt has
// passed, or never. The task is held and the human asked (an attention item); it goes in when the tools come, or
// when the human decides to type it anyway, and not before.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { humanCaller, type Agent, type AttentionItem, type SwitchboardEvent } from '@switchboard/protocol';
import { startTestHost } from '../host-fixture';
import { atPromptByHook } from '../support/at-prompt-by-hook';

const MCP_CALL = fileURLToPath(new URL('../support/mcp-call.sh', import.meta.url));
const WAIT_MS = 2_000;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function heldTask(name: string) {
  const { host, dataDir } = await startTestHost({ backend: 'sim', initialTasks: { mcpWaitMs: WAIT_MS } });
  cleanups.push(() => host.close());
  const events: SwitchboardEvent[] = [];
  host.orchestrator.subscribe((event) => events.push(event));
  const call = <T>(command: string, input: unknown) =>
    host.orchestrator.invoke(humanCaller, command, input) as Promise<T>;
  // The stand-in takes its wiring's arguments (ignored) and sits at a shell prompt at once; its MCP client lists
  // Switchboard's tools once the file `connect` exists (the test creates it when it wants the tools to come).
  const connect = join(dataDir, `${name}-connect`);
  const listed = join(dataDir, `${name}-listed`);
  const cli = join(dataDir, `${name}-cli.sh`);
  writeFileSync(
    cli,
    `#!/bin/bash\n( while [ ! -e '${connect}' ]; do sleep 0.2; done; sh '${MCP_CALL}' --list > '${listed}' 2>&1 ) &\n` +
      'exec /bin/bash --norc --noprofile\n',
    { mode: 0o755 },
  );
  const agent = await call<Agent>('agent.spawn', {
    name,
    kind: 'claude',
    command: cli,
    task: `echo ${name.toUpperCase()}-$((6*7))`,
  });
  const asAgent = { kind: 'agent', id: agent.id } as const;
  // Claude Code's Stop hook says it sits at its prompt (the stand-in's screen is not Claude Code's).
  await atPromptByHook(host, agent.id);
  const screen = async () => (await host.backend.readScreen(agent.paneId!)).lines.join('\n');
  const ran = async () =>
    (await screen()).split('\n').some((line) => line.startsWith(`${name.toUpperCase()}-42`)) || undefined;
  /** The agent's events of these types, in the order they came. */
  const ofAgent = (...types: SwitchboardEvent['type'][]) =>
    events.filter((e) => types.includes(e.type) && 'agentId' in e && e.agentId === agent.id);
  const heldItems = async () =>
    (await call<{ items: AttentionItem[] }>('attention.list', {})).items.filter(
      (item) => item.kind === 'task_held' && item.agentId === agent.id,
    );
  return { host, call, agent, asAgent, connect, listed, screen, ran, ofAgent, heldItems };
}

describe("a wired CLI's first task and Switchboard's tools, on the embedded iTerm2-API server", () => {
  it('holds the task of a CLI that connects late and asks the human; types it once the tools come, not before', async () => {
    const { connect, listed, screen, ran, ofAgent, heldItems } = await heldTask('late');
    await eventually(() => ofAgent('agent.task_held')[0], 60_000, 'the task held');
    const [item] = await eventually(
      async () => ((await heldItems()).length ? heldItems() : undefined),
      30_000,
      'the item',
    );
    expect(item!.title).toBe(
      "late has not connected to Switchboard's tools after 2 s: its first task is held",
    );
    expect(await screen()).not.toContain('LATE-');
    // Its MCP client connects now, long after the wait at the prompt: the task goes in, once, and runs.
    writeFileSync(connect, '');
    await eventually(ran, 60_000, "the task's output");
    // Its tools/list was answered with Switchboard's tools (mcp-call.sh says done only for an answer).
    expect(readFileSync(listed, 'utf8')).toMatch(/"name":"message_send"[^]*mcp-call done --list/);
    await eventually(() => ofAgent('agent.task_submitted')[0], 30_000, 'the task submitted');
    // Released by the tools, then typed: nothing typed it before they came.
    expect(ofAgent('agent.task_released', 'agent.task_submitted').map((e) => e.type)).toEqual([
      'agent.task_released',
      'agent.task_submitted',
    ]);
    expect(ofAgent('agent.task_released')).toMatchObject([{ why: 'tools' }]);
    await eventually(
      async () => ((await heldItems()).length === 0 ? true : undefined),
      30_000,
      'the item resolved',
    );
  });

  it("types the task of a CLI that never connects only after the human's decision", async () => {
    const { call, asAgent, screen, ran, ofAgent, heldItems, host } = await heldTask('never');
    await eventually(() => ofAgent('agent.task_held')[0], 60_000, 'the task held');
    await eventually(async () => ((await heldItems()).length ? true : undefined), 30_000, 'the item');
    // An agent may not decide for the human.
    await expect(
      host.orchestrator.invoke(asAgent, 'agent.decideTask', { agent: 'never', decision: 'type' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await new Promise((resolve) => setTimeout(resolve, 2 * WAIT_MS));
    expect(await screen()).not.toContain('NEVER-');
    expect(ofAgent('agent.task_submitted')).toEqual([]);
    // The human: type it anyway.
    await call('agent.decideTask', { agent: 'never', decision: 'type' });
    await eventually(ran, 60_000, "the task's output");
    await eventually(() => ofAgent('agent.task_submitted')[0], 30_000, 'the task submitted');
    expect(ofAgent('agent.task_released')).toMatchObject([{ why: 'type' }]);
    await eventually(
      async () => ((await heldItems()).length === 0 ? true : undefined),
      30_000,
      'the item resolved',
    );
  });
});
