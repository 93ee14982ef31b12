import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanCaller, type SwitchboardEvent } from '@switchboard/protocol';
import { AGENT_VARIABLE, createMemoryBackend, createOrchestrator } from '../src/index';
import { FakeClock } from '../src/testing/index';

function setup(databasePath = ':memory:') {
  const backend = createMemoryBackend();
  const orchestrator = createOrchestrator({ databasePath, backend, clock: new FakeClock() });
  const events: SwitchboardEvent[] = [];
  orchestrator.subscribe((e) => events.push(e));
  const call = (name: string, input: unknown) => orchestrator.invoke(humanCaller, name, input);
  return { backend, orchestrator, events, call };
}

describe('orchestrator: the foundation slice', () => {
  it('spawns an agent into a team: pane created, bound by variable, coloured, event emitted', async () => {
    const { backend, events, call } = setup();
    const team = (await call('team.create', { name: 'web' })) as { id: string; color: string };
    const agent = (await call('agent.spawn', { name: 'builder-1', team: 'web' })) as {
      id: string;
      paneId: string;
      teamId: string;
    };
    expect(agent.teamId).toBe(team.id);
    expect(await backend.getVariable(agent.paneId, AGENT_VARIABLE)).toBe(agent.id);
    expect((await backend.listPanes()).map((p) => p.id)).toEqual([agent.paneId]);
    expect(events.map((e) => e.type)).toEqual(['team.created', 'agent.spawned']);
    expect(events.map((e) => e.sequence)).toEqual([1, 2]);
  });

  it('puts a teammate in a split of the same tab', async () => {
    const { backend, call } = setup();
    await call('team.create', { name: 'web' });
    const a = (await call('agent.spawn', { name: 'a', team: 'web' })) as { paneId: string };
    const b = (await call('agent.spawn', { name: 'b', team: 'web' })) as { paneId: string };
    const layout = await backend.getLayout();
    expect(layout.windows).toHaveLength(1);
    expect(layout.windows[0]!.tabs[0]!.root).toEqual({
      kind: 'split',
      vertical: true,
      children: [
        { kind: 'pane', paneId: a.paneId },
        { kind: 'pane', paneId: b.paneId },
      ],
    });
  });

  it('lists agents by team and closes them (pane gone, token revoked, event emitted)', async () => {
    const { orchestrator, backend, events, call } = setup();
    await call('team.create', { name: 'web' });
    await call('agent.spawn', { name: 'a', team: 'web' });
    const { agent, token } = await orchestrator.fleet.spawn({ name: 'b', kind: 'shell', role: 'custom' });
    expect(orchestrator.authenticateAgent(token)).toEqual({ kind: 'agent', id: agent.id });
    expect(((await call('agent.list', { team: 'web' })) as { agents: unknown[] }).agents).toHaveLength(1);
    await call('agent.close', { agent: 'b' });
    expect(orchestrator.authenticateAgent(token)).toBeUndefined();
    expect(await backend.listPanes()).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'agent.closed', agentId: agent.id });
  });

  it.each([
    ['unknown command', 'agent.explode', {}, 'not_found'],
    ['bad name', 'agent.spawn', { name: '../etc' }, 'invalid_input'],
    ['unknown field', 'agent.spawn', { name: 'x', sender: 'someone-else' }, 'invalid_input'],
    ['missing team', 'agent.spawn', { name: 'x', team: 'nope' }, 'not_found'],
    ['not an object', 'team.create', 'web', 'invalid_input'],
    ['null, for a command whose fields are all optional', 'fleet.snapshot', null, 'invalid_input'],
    ['null, for a command without fields', 'layout.get', null, 'invalid_input'],
    ['unknown parent', 'team.create', { name: 'x', parent: 'nope' }, 'not_found'],
    ['unknown agent', 'agent.close', { agent: 'ghost' }, 'not_found'],
  ])('bad input (%s) is a typed error and changes nothing', async (_label, name, input, code) => {
    const { backend, events, call } = setup();
    await call('team.create', { name: 'web' });
    await call('agent.spawn', { name: 'a', team: 'web' });
    const before = JSON.stringify(await call('fleet.snapshot', {}));
    const panesBefore = await backend.listPanes();
    const eventsBefore = events.length;
    await expect(call(name, input)).rejects.toMatchObject({ code });
    expect(JSON.stringify(await call('fleet.snapshot', {}))).toBe(before);
    expect(await backend.listPanes()).toEqual(panesBefore);
    expect(events).toHaveLength(eventsBefore);
  });

  it('refuses duplicates by name with conflict', async () => {
    const { call } = setup();
    await call('team.create', { name: 'web' });
    await expect(call('team.create', { name: 'web' })).rejects.toMatchObject({ code: 'conflict' });
    await call('agent.spawn', { name: 'a' });
    await expect(call('agent.spawn', { name: 'a' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses commands a caller kind may not call, and callers without identity', async () => {
    const { orchestrator } = setup();
    await expect(
      orchestrator.invoke({ kind: 'agent', id: 'a' }, 'team.create', { name: 'x' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      orchestrator.invoke({ kind: 'robot', id: '' } as never, 'fleet.snapshot', {}),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps the fleet in SQLite across a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-core-')), 'fleet.db');
    const first = setup(path);
    await first.call('team.create', { name: 'web' });
    await first.call('agent.spawn', { name: 'a', team: 'web' });
    await first.orchestrator.close();
    const second = setup(path);
    const snapshot = (await second.call('fleet.snapshot', {})) as {
      agents: { name: string }[];
      teams: { name: string }[];
    };
    expect(snapshot.agents.map((a) => a.name)).toEqual(['a']);
    expect(snapshot.teams.map((t) => t.name)).toEqual(['web']);
    await second.orchestrator.close();
  });

  it('removes the data folder it made itself when closed (none given), and leaves a given one', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-own-data-'));
    const given = mkdtempSync(join(tmpdir(), 'sb-given-data-'));
    const tmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = root;
    let own: ReturnType<typeof setup>;
    let withGiven: ReturnType<typeof createOrchestrator>;
    try {
      own = setup();
      withGiven = createOrchestrator({
        databasePath: ':memory:',
        backend: createMemoryBackend(),
        dataDir: given,
      });
    } finally {
      if (tmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = tmp;
    }
    await own.call('agent.spawn', { name: 'a' });
    expect(readdirSync(root).filter((name) => name.startsWith('switchboard-'))).toHaveLength(1);
    await own.orchestrator.close();
    await withGiven.close();
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(given)).toBe(true);
    rmSync(root, { recursive: true, force: true });
    rmSync(given, { recursive: true, force: true });
  });
});
