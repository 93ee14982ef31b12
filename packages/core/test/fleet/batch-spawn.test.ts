import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent, SwitchboardEvent } from '@switchboard/protocol';
import { createMemoryBackend, panesOf } from '../../src/index';
import { SPAWN_CONCURRENCY } from '../../src/fleet/agent-spawner';
import { gatedTerminal, setupFleet } from './fleet-fixture';

type Spawned = { agents: Agent[]; failed: { name: string; error: string }[] };

describe('batch spawn (template.spawn, fleet.apply): panes created concurrently, bounded', () => {
  it('spawns 20 agents with at most SPAWN_CONCURRENCY panes in creation at once, distinct positions, one team tab after one re-layout', async () => {
    const memory = createMemoryBackend();
    const { terminal, stats } = gatedTerminal(memory);
    const { call, events, team } = setupFleet({ backend: memory, terminal });
    await call('team.create', { name: 'qa' });
    await call('template.save', { template: { name: 'rev', kind: 'shell', team: 'qa' } });
    const { agents, failed } = await call<Spawned>('template.spawn', { template: 'rev', count: 20 });
    expect(failed).toEqual([]);
    expect(agents.map((a) => a.name)).toEqual(Array.from({ length: 20 }, (_, i) => `rev-${i + 1}`));
    expect(stats.maxInFlight).toBeGreaterThan(1);
    expect(stats.maxInFlight).toBeLessThanOrEqual(SPAWN_CONCURRENCY);
    expect(new Set(agents.map((a) => a.paneId)).size).toBe(20);
    expect(agents.map((a) => a.position).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    // The batch opened a tab per agent beside the first one; the one re-layout at the end put them in the
    // team's window as the grid preset wants (16 panes a tab): no tab left with one stray pane.
    const layout = await memory.getLayout();
    expect(layout.windows).toHaveLength(1);
    expect(layout.windows[0]!.tabs.map((t) => panesOf(t.root).length)).toEqual([16, 4]);
    expect(new Set(layout.windows[0]!.tabs.flatMap((t) => panesOf(t.root)))).toEqual(
      new Set(agents.map((a) => a.paneId)),
    );
    const listed = (await call<{ agents: Agent[] }>('agent.list', { team: 'qa' })).agents;
    expect(listed.map((a) => a.teamId)).toEqual(agents.map(() => team('qa').id));
    expect(
      events
        .filter((e): e is Extract<SwitchboardEvent, { type: 'agent.spawned' }> => e.type === 'agent.spawned')
        .map((e) => e.agent.name),
    ).toEqual(agents.map((a) => a.name));
  });

  it('a pane that fails rolls back that agent alone (token, launch file, no record); the others are spawned', async () => {
    const memory = createMemoryBackend();
    const { terminal } = gatedTerminal(memory, (call) => call === 3);
    const { call, orchestrator, dataDir } = setupFleet({ backend: memory, terminal });
    await call('template.save', { template: { name: 'w', kind: 'shell' } });
    const { agents, failed } = await call<Spawned>('template.spawn', { template: 'w', count: 6 });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toContain('pane 3 refused');
    expect(agents).toHaveLength(5);
    expect(agents.map((a) => a.name)).not.toContain(failed[0]!.name);
    const listed = (await call<{ agents: Agent[] }>('agent.list', {})).agents;
    expect(listed.map((a) => a.name).sort()).toEqual(agents.map((a) => a.name).sort());
    expect((await memory.listPanes()).filter((p) => p.alive)).toHaveLength(5);
    // Nothing of the failed agent is left in the data folder: no launch file holding a token.
    const agentFiles = readdirSync(join(dataDir, 'agents')).filter((f) => f.endsWith('.launch'));
    expect(agentFiles.sort()).toEqual(agents.map((a) => `${a.id}.launch`).sort());
    for (const agent of agents) expect(existsSync(join(dataDir, 'agents', `${agent.id}.launch`))).toBe(true);
    await orchestrator.close();
  });

  it("a fleet file's agents are spawned as one batch, and re-applying it spawns nothing", async () => {
    const memory = createMemoryBackend();
    const { terminal, stats } = gatedTerminal(memory);
    const { call } = setupFleet({ backend: memory, terminal });
    const source =
      'version: 1\nteams:\n  - name: web\n    agents:\n      - { name: dev, kind: shell, count: 6 }\n  - name: api\n    agents:\n      - { name: svc, kind: shell, count: 6 }\n';
    const first = await call<{ agents: { spawned: string[]; failed: unknown[] } }>('fleet.apply', { source });
    expect(first.agents.failed).toEqual([]);
    expect(first.agents.spawned).toHaveLength(12);
    expect(stats.maxInFlight).toBeGreaterThan(1);
    const layout = await memory.getLayout();
    expect(layout.windows.map((w) => w.tabs.map((t) => panesOf(t.root).length))).toEqual([[6], [6]]);
    const again = await call<{ agents: { spawned: string[]; existing: string[] } }>('fleet.apply', {
      source,
    });
    expect(again.agents.spawned).toEqual([]);
    expect(again.agents.existing).toHaveLength(12);
  });
});
