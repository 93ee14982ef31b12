// A spawn's first task goes to a CLI wired to Switchboard's MCP endpoint only once that CLI has Switchboard's
// tools (its MCP client asked the host who it is, as every tools/list does) — Claude Code shows its prompt before
// its MCP servers connect, and a turn begun then has none of their tools. The wait is counted from the CLI's first
// idle prompt; when `mcpWaitMs` passes without the tools the task is held and the human asked (an attention item,
// `agent.decideTask`), unless the policy says type anyway. A shell is not wired: its task goes in once it is idle.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent, type AttentionItem, type SwitchboardEvent } from '@switchboard/protocol';
import {
  createMemoryBackend,
  createOrchestrator,
  type Orchestrator,
  type OrchestratorDeps,
} from '../../src/index';
import { FakeClock } from '../../src/testing/index';

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};
const open: Orchestrator[] = [];
afterEach(async () => {
  for (const orchestrator of open.splice(0)) await orchestrator.close();
});

async function spawned(
  kind: Agent['kind'],
  options: {
    atPrompt?: boolean;
    policy?: NonNullable<OrchestratorDeps['initialTasks']>['whenToolsLate'];
  } = {},
) {
  const clock = new FakeClock();
  const backend = createMemoryBackend();
  const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-task-tools-')), 'switchboard.db');
  const events: SwitchboardEvent[] = [];
  const start = () => {
    const made = createOrchestrator({
      databasePath,
      backend,
      clock,
      initialTasks: { mcpWaitMs: 10_000, ...(options.policy ? { whenToolsLate: options.policy } : {}) },
    });
    made.subscribe((event) => events.push(event));
    open.push(made);
    return made;
  };
  let orchestrator = start();
  const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
    name: 'one',
    kind,
    task: 'do the thing',
  })) as Agent;
  const asAgent = { kind: 'agent', id: agent.id } as const;
  // At its prompt (a Stop hook: the memory backend's pane is no CLI's screen).
  const atPrompt = async () => {
    await orchestrator.invoke(asAgent, 'health.reportHook', { event: 'Stop' });
    await settle();
  };
  if (options.atPrompt !== false) await atPrompt();
  const typed = async () =>
    (await backend.readScreen(agent.paneId!)).lines.join('\n').includes('do the thing');
  /** Moves the fake clock in steps, letting each step's work finish. */
  const pass = async (ms: number) => {
    for (let t = 0; t < ms; t += 250) {
      clock.advance(250);
      await settle();
    }
  };
  const heldItems = async () => {
    const { items } = (await orchestrator.invoke(humanCaller, 'attention.list', {})) as {
      items: AttentionItem[];
    };
    return items.filter((item) => item.kind === 'task_held');
  };
  /** The task's state as its events tell it (the last of held, released, submitted, failed). */
  const taskState = () => {
    const last = events.findLast((event) => event.type.startsWith('agent.task_'));
    return last === undefined || last.type === 'agent.task_released'
      ? 'pending'
      : last.type.slice('agent.task_'.length);
  };
  const restart = async () => {
    await orchestrator.close();
    orchestrator = start();
    await settle();
  };
  return {
    events,
    orchestrator: () => orchestrator,
    agent,
    asAgent,
    atPrompt,
    typed,
    pass,
    heldItems,
    taskState,
    restart,
  };
}

describe("a spawn's first task and the CLI's MCP tools", () => {
  it('waits for a wired CLI to list its tools, then types the task', async () => {
    const { orchestrator, asAgent, typed, pass, heldItems } = await spawned('claude');
    await pass(5_000);
    expect(await typed()).toBe(false);
    await orchestrator().invoke(asAgent, 'agent.whoami', {});
    await pass(1_000);
    expect(await typed()).toBe(true);
    expect(await heldItems()).toEqual([]);
  });

  it('counts the wait from the first idle prompt, not from the spawn (a starved CLI is late with both)', async () => {
    const { atPrompt, typed, pass, heldItems, taskState } = await spawned('claude', { atPrompt: false });
    await pass(20_000); // starting, not yet at its prompt: longer than the whole wait
    expect(taskState()).toBe('pending');
    await atPrompt();
    await pass(9_000);
    expect(await typed()).toBe(false);
    expect(taskState()).toBe('pending');
    expect(await heldItems()).toEqual([]);
    await pass(2_000);
    expect(taskState()).toBe('held');
    expect(await typed()).toBe(false);
  });

  it('holds the task when mcpWaitMs passes without the tools, asks the human, and types it once the tools come', async () => {
    const { orchestrator, asAgent, typed, pass, heldItems, taskState } = await spawned('claude');
    await pass(11_000);
    expect(taskState()).toBe('held');
    const [item] = await heldItems();
    expect(item).toMatchObject({
      severity: 'warning',
      agentName: 'one',
      title: "one has not connected to Switchboard's tools after 10 s: its first task is held",
    });
    await pass(60_000); // held is held: nothing types it on a clock
    expect(await typed()).toBe(false);
    await orchestrator().invoke(asAgent, 'agent.whoami', {});
    await pass(1_000);
    expect(await typed()).toBe(true);
    expect(taskState()).toBe('submitted');
    expect(await heldItems()).toEqual([]);
  });

  it('types a held task without the tools only when the human decides so; an agent may not decide', async () => {
    const { orchestrator, asAgent, typed, pass, heldItems, taskState } = await spawned('claude');
    await pass(11_000);
    expect(taskState()).toBe('held');
    await expect(
      orchestrator().invoke(asAgent, 'agent.decideTask', { agent: 'one', decision: 'type' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await pass(1_000);
    expect(await typed()).toBe(false);
    await orchestrator().invoke(humanCaller, 'agent.decideTask', { agent: 'one', decision: 'type' });
    await pass(1_000);
    expect(await typed()).toBe(true);
    expect(taskState()).toBe('submitted');
    expect(await heldItems()).toEqual([]);
    await expect(
      orchestrator().invoke(humanCaller, 'agent.decideTask', { agent: 'one', decision: 'type' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('"keep waiting" waits another whole mcpWaitMs, then asks again', async () => {
    const { orchestrator, typed, pass, heldItems, taskState } = await spawned('claude');
    await pass(11_000);
    await orchestrator().invoke(humanCaller, 'agent.decideTask', { agent: 'one', decision: 'wait' });
    await settle();
    expect(taskState()).toBe('pending');
    expect(await heldItems()).toEqual([]);
    await pass(9_000);
    expect(taskState()).toBe('pending');
    await pass(2_000);
    expect(taskState()).toBe('held');
    expect(await heldItems()).toHaveLength(1);
    expect(await typed()).toBe(false);
  });

  it('a held task and its attention item survive a host restart; the tools then release it', async () => {
    const { events, orchestrator, asAgent, typed, pass, heldItems, taskState, restart } =
      await spawned('claude');
    await pass(11_000);
    expect(taskState()).toBe('held');
    await restart();
    await pass(30_000);
    expect(taskState()).toBe('held');
    expect(await heldItems()).toHaveLength(1);
    expect(await typed()).toBe(false);
    await orchestrator().invoke(asAgent, 'agent.whoami', {});
    await pass(1_000);
    // Released by the restarted host, which knew it only from SQLite.
    expect(events.filter((event) => event.type === 'agent.task_released')).toMatchObject([{ why: 'tools' }]);
    expect(await typed()).toBe(true);
    expect(await heldItems()).toEqual([]);
  });

  it('a CLI that listed its tools before a host restart is not held after it (it does not list them again)', async () => {
    const { orchestrator, asAgent, typed, pass, heldItems, taskState, restart, atPrompt } = await spawned(
      'claude',
      { atPrompt: false },
    );
    await orchestrator().invoke(asAgent, 'agent.whoami', {}); // tools listed while it starts
    await restart();
    await atPrompt();
    await pass(11_000);
    expect(taskState()).toBe('submitted');
    expect(await typed()).toBe(true);
    expect(await heldItems()).toEqual([]);
  });

  it('types it anyway when the policy says so (whenToolsLate: type)', async () => {
    const { typed, pass, heldItems } = await spawned('claude', { policy: 'type' });
    await pass(9_000);
    expect(await typed()).toBe(false);
    await pass(2_000);
    expect(await typed()).toBe(true);
    expect(await heldItems()).toEqual([]);
  });

  it('does not wait for a shell (not wired to the MCP endpoint)', async () => {
    const { typed, pass } = await spawned('shell');
    await pass(1_000);
    expect(await typed()).toBe(true);
  });
});
