import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@switchboard/protocol';
import { createMemoryBackend, panesOf } from '../../src/index';
import { SPAWN_CONCURRENCY } from '../../src/fleet/agent-spawner';
import { gatedTerminal, locate, setupFleet } from './fleet-fixture';

describe('fleet.restore: the fleet back after the terminal went away (iTerm2 quit, a reboot)', () => {
  it('starts every lost agent again, team by team in shared tabs, resuming the conversation its CLI recorded', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-restore-')), 'fleet.db');
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-restore-data-'));
    const first = setupFleet({ databasePath, dataDir, backend: createMemoryBackend() });
    const { agents } = await first.populate(2, 2);
    const claude = await first.call<Agent>('agent.spawn', { name: 'writer', kind: 'claude', team: 't1' });
    await first.orchestrator.invoke({ kind: 'agent', id: claude.id }, 'health.reportHook', {
      event: 'UserPromptSubmit',
      sessionId: 'sess-writer-1',
    });
    await first.orchestrator.close();

    // A fresh terminal: none of the panes survived.
    const terminal = createMemoryBackend();
    const second = setupFleet({ databasePath, dataDir, backend: terminal });
    await second.orchestrator.ready;
    expect([...agents, claude].map((a) => second.agent(a.name).state)).toEqual(Array(5).fill('lost'));

    const result = await second.call<{ restored: Agent[]; failed: unknown[] }>('fleet.restore', {});
    expect(result.failed).toEqual([]);
    expect(result.restored.map((a) => a.name).sort()).toEqual(['t0-a0', 't0-a1', 't1-a0', 't1-a1', 'writer']);
    for (const agent of result.restored)
      expect(agent).toMatchObject({ state: 'starting', paneId: expect.any(String) });
    const tabOf = async (name: string) => (await locate(terminal, second.agent(name).paneId!))?.tabId;
    expect(await tabOf('t0-a1')).toBe(await tabOf('t0-a0'));
    expect(await tabOf('writer')).toBe(await tabOf('t1-a0'));
    expect(await tabOf('t1-a0')).not.toBe(await tabOf('t0-a0'));
    // The Claude Code agent resumes its own conversation (the launch file the launcher would run).
    expect(readFileSync(join(dataDir, 'agents', `${claude.id}.launch`), 'utf8')).toContain(
      '--resume sess-writer-1',
    );

    // Nothing lost any more: a second restore does nothing; agents cannot call it.
    expect(await second.call('fleet.restore', {})).toEqual({ restored: [], failed: [] });
    await expect(
      second.orchestrator.invoke({ kind: 'agent', id: claude.id }, 'fleet.restore', {}),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await second.orchestrator.close();
  });

  it('resume: false starts fresh conversations', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-restore-')), 'fleet.db');
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-restore-data-'));
    const first = setupFleet({ databasePath, dataDir, backend: createMemoryBackend() });
    const claude = await first.call<Agent>('agent.spawn', { name: 'writer', kind: 'claude' });
    await first.orchestrator.invoke({ kind: 'agent', id: claude.id }, 'health.reportHook', {
      event: 'UserPromptSubmit',
      sessionId: 'sess-writer-2',
    });
    await first.orchestrator.close();
    const second = setupFleet({ databasePath, dataDir, backend: createMemoryBackend() });
    await second.orchestrator.ready;
    const result = await second.call<{ restored: Agent[] }>('fleet.restore', { resume: false });
    expect(result.restored.map((a) => a.name)).toEqual(['writer']);
    expect(readFileSync(join(dataDir, 'agents', `${claude.id}.launch`), 'utf8')).not.toContain('--resume');
    await second.orchestrator.close();
  });

  it('restores a big fleet a few panes at a time (bounded), reports a failed one, and lays every team out in its tab once', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-restore-')), 'fleet.db');
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-restore-data-'));
    const first = setupFleet({ databasePath, dataDir, backend: createMemoryBackend() });
    const { agents } = await first.populate(2, 8);
    await first.orchestrator.close();

    const memory = createMemoryBackend();
    // Call 1 and 2 open each team's tab (one at a time); call 6 is a follower that fails.
    const { terminal, stats } = gatedTerminal(memory, (call) => call === 6);
    const second = setupFleet({ databasePath, dataDir, backend: memory, terminal });
    await second.orchestrator.ready;
    const before = second.events.length;
    const order = second.orchestrator.fleet.listAgents().map((a) => a.name);
    expect([...order].sort()).toEqual(agents.map((a) => a.name).sort());
    const result = await second.call<{ restored: Agent[]; failed: { name: string; message: string }[] }>(
      'fleet.restore',
      {},
    );
    expect(stats.calls).toBe(16);
    expect(stats.maxInFlight).toBeGreaterThan(1);
    expect(stats.maxInFlight).toBeLessThanOrEqual(SPAWN_CONCURRENCY);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.message).toContain('pane 6 refused');
    const failed = result.failed[0]!.name;
    expect(second.agent(failed).state).toBe('lost');
    // In the order the fleet lists them, every one but the failed one, each in a pane of its own.
    expect(result.restored.map((a) => a.name)).toEqual(order.filter((name) => name !== failed));
    expect(new Set(result.restored.map((a) => a.paneId)).size).toBe(15);
    // One agent.updated per restored agent (what the UI counts as progress).
    const updated = second.events
      .slice(before)
      .flatMap((e) => (e.type === 'agent.updated' ? [e.agent.name] : []));
    expect([...updated].sort()).toEqual(result.restored.map((a) => a.name).sort());
    // The one re-layout at the end: each team's panes share one tab, the teams' tabs differ.
    const layout = await memory.getLayout();
    const tabs = layout.windows.flatMap((w) => w.tabs).map((t) => new Set(panesOf(t.root)));
    for (const team of ['t0', 't1']) {
      const panes = result.restored.filter((a) => a.name.startsWith(`${team}-`)).map((a) => a.paneId!);
      expect(tabs.filter((tab) => panes.some((p) => tab.has(p)))).toHaveLength(1);
    }
    expect(tabs.filter((tab) => tab.size > 0)).toHaveLength(2);
    await second.orchestrator.close();
  });
});
