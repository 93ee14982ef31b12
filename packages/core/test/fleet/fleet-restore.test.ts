import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@switchboard/protocol';
import { createMemoryBackend } from '../../src/index';
import { locate, setupFleet } from './fleet-fixture';

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
});
