// A spawn's first task goes to a CLI wired to Switchboard's MCP endpoint only once that CLI has Switchboard's
// tools (its MCP client asked the host who it is, as every tools/list does) — Claude Code shows its prompt before
// its MCP servers connect, and a turn begun then has none of their tools — or once `mcpWaitMs` has passed, so a
// CLI that never connects still gets its task. A shell is not wired: its task goes in once it is idle.
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};
const open: Orchestrator[] = [];
afterEach(async () => {
  for (const orchestrator of open.splice(0)) await orchestrator.close();
});

async function spawned(kind: Agent['kind']) {
  const clock = new FakeClock();
  const backend = createMemoryBackend();
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend,
    clock,
    initialTasks: { mcpWaitMs: 10_000 },
  });
  open.push(orchestrator);
  const agent = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
    name: 'one',
    kind,
    task: 'do the thing',
  })) as Agent;
  const asAgent = { kind: 'agent', id: agent.id } as const;
  // At its prompt (a Stop hook: the memory backend's pane is no CLI's screen).
  await orchestrator.invoke(asAgent, 'health.reportHook', { event: 'Stop' });
  const typed = async () =>
    (await backend.readScreen(agent.paneId!)).lines.join('\n').includes('do the thing');
  /** Moves the fake clock in steps, letting each step's work finish. */
  const pass = async (ms: number) => {
    for (let t = 0; t < ms; t += 250) {
      clock.advance(250);
      await settle();
    }
  };
  return { orchestrator, asAgent, typed, pass };
}

describe("a spawn's first task and the CLI's MCP tools", () => {
  it('waits for a wired CLI to list its tools, then types the task', async () => {
    const { orchestrator, asAgent, typed, pass } = await spawned('claude');
    await pass(5_000);
    expect(await typed()).toBe(false);
    await orchestrator.invoke(asAgent, 'agent.whoami', {});
    await pass(1_000);
    expect(await typed()).toBe(true);
  });

  it('types it anyway once mcpWaitMs has passed without the tools', async () => {
    const { typed, pass } = await spawned('claude');
    await pass(9_000);
    expect(await typed()).toBe(false);
    await pass(2_000);
    expect(await typed()).toBe(true);
  });

  it('does not wait for a shell (not wired to the MCP endpoint)', async () => {
    const { typed, pass } = await spawned('shell');
    await pass(1_000);
    expect(await typed()).toBe(true);
  });
});
