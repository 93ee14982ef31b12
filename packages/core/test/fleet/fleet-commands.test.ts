import { describe, expect, it } from 'vitest';
import type { Agent, FleetLayout, Team } from '@switchboard/protocol';
import {
  AGENT_VARIABLE,
  agentsOf,
  contrastRatio,
  panesOf,
  stateTabColor,
  TEAM_COLORS,
} from '../../src/index';
import type { TerminalBackend } from '../../src/index';
import { fleetHandlers, layoutHandlers } from '../../src/fleet/fleet-handlers';
import { locate, setupFleet } from './fleet-fixture';

describe('teams', () => {
  it("gives teams distinct accessible colours and frees a deleted team's colour", async () => {
    const { call } = setupFleet();
    const teams: Team[] = [];
    for (let i = 0; i < 5; i++) teams.push(await call<Team>('team.create', { name: `t${i}` }));
    expect(new Set(teams.map((t) => t.color)).size).toBe(5);
    for (const color of TEAM_COLORS) expect(contrastRatio(color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    await call('team.delete', { team: 't2' });
    expect((await call<Team>('team.create', { name: 'again' })).color).toBe(teams[2]!.color);
  });

  it('creates sub-teams, renames, moves (re-parent, reorder) and refuses cycles', async () => {
    const { call, team, events } = setupFleet();
    await call('team.create', { name: 'web' });
    await call('team.create', { name: 'ops' });
    const ui = await call<Team>('team.create', { name: 'ui', parent: 'web' });
    expect(ui.parentId).toBe(team('web').id);
    const renamed = await call<Team>('team.rename', { team: 'ui', name: 'frontend' });
    expect(renamed).toMatchObject({ id: ui.id, name: 'frontend' });
    expect(events.at(-1)).toMatchObject({ type: 'team.updated', team: { name: 'frontend' } });
    await expect(call('team.move', { team: 'web', parent: 'frontend' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(call('team.move', { team: 'web', parent: 'web' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await call('team.move', { team: 'frontend', parent: null, position: 0 });
    expect(team('frontend')).toMatchObject({ parentId: null, position: 0 });
    expect(team('web').position).toBe(1);
    expect(team('ops').position).toBe(2);
  });

  it('deletes only empty teams', async () => {
    const { call } = setupFleet();
    await call('team.create', { name: 'web' });
    await call('team.create', { name: 'ui', parent: 'web' });
    await expect(call('team.delete', { team: 'web' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('sub-team'),
    });
    await call('agent.spawn', { name: 'a', team: 'ui' });
    await expect(call('team.delete', { team: 'ui' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('agent'),
    });
    await call('agent.close', { agent: 'a' });
    await call('team.delete', { team: 'ui' });
    await call('team.delete', { team: 'web' });
    expect((await call<{ teams: Team[] }>('fleet.snapshot', {})).teams).toEqual([]);
  });
});

describe('agents', () => {
  it('spawns 3 teams × 4 agents into a window per team, a 2×2 grid each, coloured and badged', async () => {
    const { backend, populate, team } = setupFleet();
    const { agents } = await populate(3, 4);
    const layout = await backend.getLayout();
    expect(layout.windows).toHaveLength(3);
    for (const [i, window] of layout.windows.entries()) {
      expect(window.tabs).toHaveLength(1);
      const root = window.tabs[0]!.root;
      expect(root).toMatchObject({
        kind: 'split',
        vertical: false,
        children: [
          { kind: 'split', vertical: true },
          { kind: 'split', vertical: true },
        ],
      });
      expect(panesOf(root)).toEqual(agents.slice(i * 4, i * 4 + 4).map((a) => a.paneId));
    }
    const first = backend.inspect(agents[0]!.paneId!);
    expect(first.appearance).toMatchObject({
      title: 't0-a0',
      badge: 't0-a0\ncustom · starting',
      tabColor: stateTabColor(team('t0').color, 'starting'),
    });
    expect(first.variables[AGENT_VARIABLE]).toBe(agents[0]!.id);
  });

  it('moves an agent across teams: same pane, new tab, new colour; other teams untouched', async () => {
    const { backend, populate, call, team, events } = setupFleet();
    const { agents } = await populate(3, 4);
    const mover = agents[1]!;
    const before = await backend.getLayout();
    const untouched = before.windows[2]!;
    const moved = await call<Agent>('agent.move', { agent: mover.name, team: 't1', position: 0 });
    expect(moved).toMatchObject({ id: mover.id, paneId: mover.paneId, teamId: team('t1').id, position: 0 });
    const after = await backend.getLayout();
    expect(after.windows[2]).toEqual(untouched);
    const targetTab = after.windows.find((w) => w.windowId === before.windows[1]!.windowId)!.tabs[0]!;
    expect(panesOf(targetTab.root)).toEqual([mover.paneId, ...agents.slice(4, 8).map((a) => a.paneId)]);
    expect(panesOf(after.windows[0]!.tabs[0]!.root)).toEqual(
      [agents[0], agents[2], agents[3]].map((a) => a!.paneId),
    );
    expect((await backend.listPanes()).map((p) => p.id).sort()).toEqual(agents.map((a) => a.paneId).sort());
    expect(backend.inspect(mover.paneId!).appearance.tabColor).toBe(
      stateTabColor(team('t1').color, 'starting'),
    );
    const types = events.slice(-7).map((e) => e.type);
    expect(types.at(-1)).toBe('layout.applied');
    expect(types.filter((t) => t === 'agent.updated').length).toBeGreaterThanOrEqual(2);
    expect(agents.filter((a) => a.teamId === team('t2').id).map((a) => a.position)).toEqual([0, 1, 2, 3]);
  });

  it('reorders within a team and keeps positions contiguous', async () => {
    const { populate, call, orchestrator } = setupFleet();
    await populate(1, 3);
    await call('agent.move', { agent: 't0-a2', position: 0 });
    expect(orchestrator.fleet.listAgents('t0').map((a) => [a.name, a.position])).toEqual([
      ['t0-a2', 0],
      ['t0-a0', 1],
      ['t0-a1', 2],
    ]);
    await call('agent.move', { agent: 't0-a2', team: null });
    expect(orchestrator.fleet.listAgents('t0').map((a) => [a.name, a.position])).toEqual([
      ['t0-a0', 0],
      ['t0-a1', 1],
    ]);
  });

  it('renames an agent: title and badge follow, names stay unique', async () => {
    const { call, backend, events } = setupFleet();
    const a = await call<Agent>('agent.spawn', { name: 'a', role: 'builder' });
    await call('agent.spawn', { name: 'b' });
    await expect(call('agent.rename', { agent: 'a', name: 'b' })).rejects.toMatchObject({ code: 'conflict' });
    await call('agent.rename', { agent: 'a', name: 'alpha' });
    expect(backend.inspect(a.paneId!).appearance).toMatchObject({
      title: 'alpha',
      badge: 'alpha\nbuilder · starting',
    });
    expect(events.at(-1)).toMatchObject({ type: 'agent.updated', agent: { name: 'alpha' } });
  });

  it('updates the badge live when the state changes', async () => {
    const { call, backend, orchestrator, events } = setupFleet();
    const a = await call<Agent>('agent.spawn', { name: 'a', role: 'tester' });
    await orchestrator.fleet.setState('a', 'working');
    expect(backend.inspect(a.paneId!).appearance.badge).toBe('a\ntester · working');
    expect(events.at(-1)).toMatchObject({ type: 'agent.updated', agent: { state: 'working' } });
  });

  it('restarts an agent in a fresh pane at its place with a new token', async () => {
    const { call, backend, orchestrator, populate } = setupFleet();
    await populate(2, 2);
    const { agent, token } = await orchestrator.fleet.spawn({
      name: 'x',
      kind: 'shell',
      role: 'custom',
      team: 't0',
    });
    const where = await locate(backend, agent.paneId!);
    const restarted = await call<Agent>('agent.restart', { agent: 'x' });
    expect(restarted.paneId).not.toBe(agent.paneId);
    expect(restarted.state).toBe('starting');
    expect(await locate(backend, agent.paneId!)).toBeUndefined();
    expect((await locate(backend, restarted.paneId!))?.tabId).toBe(where?.tabId);
    expect(orchestrator.authenticateAgent(token)).toBeUndefined();
    expect(await backend.listPanes()).toHaveLength(5);
  });

  it('adopts an existing pane and lays it out with its team', async () => {
    const { call, backend, populate, team } = setupFleet();
    const { agents } = await populate(1, 1);
    const stray = await backend.createPane({ placement: { kind: 'window' } });
    await expect(call('agent.adopt', { pane: agents[0]!.paneId, name: 'dup' })).rejects.toMatchObject({
      code: 'conflict',
    });
    const adopted = await call<Agent>('agent.adopt', {
      pane: stray.id,
      name: 'stray',
      team: 't0',
      role: 'tester',
    });
    expect(adopted).toMatchObject({ paneId: stray.id, teamId: team('t0').id, state: 'unknown' });
    expect(backend.inspect(stray.id).variables[AGENT_VARIABLE]).toBe(adopted.id);
    expect((await locate(backend, stray.id))?.tabId).toBe((await locate(backend, agents[0]!.paneId!))?.tabId);
  });

  it('marks an agent lost when its pane vanishes, and respawns it with agent.restart', async () => {
    const { call, backend, orchestrator } = setupFleet();
    const a = await call<Agent>('agent.spawn', { name: 'a' });
    await backend.closePane(a.paneId!);
    await orchestrator.fleet.idle();
    expect(orchestrator.fleet.requireAgent('a')).toMatchObject({ state: 'lost', paneId: null });
    const back = await call<Agent>('agent.restart', { agent: 'a' });
    expect(back.state).toBe('starting');
    expect((await backend.listPanes()).map((p) => p.id)).toEqual([back.paneId]);
  });
});

describe('layout presets and arrangements', () => {
  it('applies every preset by moving the same live panes (none created, none closed)', async () => {
    const { call, backend, populate } = setupFleet();
    const { agents } = await populate(3, 3);
    await call('team.create', { name: 'sub', parent: 't0' });
    await call('agent.move', { agent: 't1-a0', team: 'sub' });
    const panes = (await backend.listPanes()).map((p) => p.id).sort();
    for (const preset of [
      'team-grid',
      'agent-tabs',
      'single',
      'horizontal',
      'vertical',
      'quad',
      'triple-right',
      'triple-bottom',
      'team-windows',
    ]) {
      const layout = await call<FleetLayout>('layout.apply', { preset });
      expect(layout.preset).toBe(preset);
      expect((await backend.listPanes()).map((p) => p.id).sort()).toEqual(panes);
      const actual = await backend.getLayout();
      expect(actual.windows.flatMap((w) => w.tabs)).toHaveLength(
        layout.windows.flatMap((w) => w.tabs).length,
      );
      expect(layout.windows.flatMap((w) => w.tabs.flatMap((t) => agentsOf(t.root))).sort()).toEqual(
        agents.map((a) => a.id).sort(),
      );
    }
    expect((await call<{ preset: string }>('fleet.snapshot', {})).preset).toBe('team-windows');
    expect((await backend.getLayout()).windows.map((w) => w.tabs.length)).toEqual([2, 1, 1]);
  });

  it('saves, lists, restores and deletes arrangements', async () => {
    const { call, populate, orchestrator, events } = setupFleet();
    await populate(2, 2);
    await call('layout.apply', { preset: 'quad' });
    const saved = await call('layout.save', { name: 'morning' });
    expect(saved).toMatchObject({ name: 'morning', preset: 'quad', agents: 4, teams: 2 });
    await expect(call('layout.save', { name: 'morning' })).rejects.toMatchObject({ code: 'conflict' });
    await call('agent.move', { agent: 't0-a0', team: 't1' });
    await call('layout.apply', { preset: 'vertical' });
    const restored = await call<FleetLayout>('layout.restore', { name: 'morning' });
    expect(restored.preset).toBe('quad');
    expect(orchestrator.fleet.requireAgent('t0-a0').teamId).toBe(orchestrator.fleet.requireTeam('t0').id);
    expect(events.at(-1)).toMatchObject({ type: 'layout.applied', reason: 'layout.restore' });
    expect(await call('layout.list', {})).toMatchObject({ arrangements: [{ name: 'morning' }] });
    await call('layout.delete', { name: 'morning' });
    expect(await call('layout.list', {})).toEqual({ arrangements: [] });
  });

  it('refuses a move the terminal cannot make, with its reason, and changes nothing', async () => {
    const fixture = setupFleet();
    const refusing: TerminalBackend = {
      ...fixture.backend,
      applyLayout: async () => {
        throw new Error('tab 7 is a tmux tab');
      },
    };
    const { call, populate, state, events } = setupFleet({ backend: fixture.backend, terminal: refusing });
    await populate(2, 2).catch(() => undefined);
    const before = await state();
    const eventCount = events.length;
    await expect(call('agent.move', { agent: 't0-a0', team: 't1' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('tmux'),
    });
    await expect(call('layout.apply', { preset: 'horizontal' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(call('team.move', { team: 't1', parent: 't0' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await state()).toBe(before);
    expect(events).toHaveLength(eventCount);
  });
});

describe('bad input on every command: a typed error, nothing changed', () => {
  const cases: [string, unknown, string][] = [
    ['fleet.snapshot', { extra: 1 }, 'invalid_input'],
    ['agent.spawn', { name: '../etc' }, 'invalid_input'],
    ['agent.spawn', { name: 'x', kind: 'custom' }, 'invalid_input'],
    ['agent.spawn', { name: 'x', cwd: 'relative/path' }, 'invalid_input'],
    ['agent.spawn', { name: 'x', worktree: { branch: 'b' } }, 'invalid_input'],
    ['agent.spawn', { name: 'x', cwd: '/tmp', worktree: { branch: '-rf' } }, 'invalid_input'],
    ['agent.spawn', { name: 'x', cwd: '/tmp', worktree: { branch: 'ok', base: '--all' } }, 'invalid_input'],
    ['agent.spawn', { name: 't0-a0' }, 'conflict'],
    ['agent.spawn', { name: 'x', team: 'nope' }, 'not_found'],
    ['agent.adopt', { pane: 'pane-404', name: 'x' }, 'not_found'],
    ['agent.adopt', { name: 'x' }, 'invalid_input'],
    ['agent.list', { team: 'nope' }, 'not_found'],
    ['agent.close', { agent: 'ghost' }, 'not_found'],
    ['agent.close', { agent: 't0-a0', keepWorktree: 'yes' }, 'invalid_input'],
    ['agent.restart', { agent: 'ghost' }, 'not_found'],
    ['fleet.restore', { resume: 'yes' }, 'invalid_input'],
    ['agent.rename', { agent: 't0-a0', name: 'bad name' }, 'invalid_input'],
    ['agent.rename', { agent: 't0-a0', name: 't0-a1' }, 'conflict'],
    ['agent.move', { agent: 't0-a0' }, 'invalid_input'],
    ['agent.move', { agent: 't0-a0', team: 'nope' }, 'not_found'],
    ['agent.move', { agent: 't0-a0', position: 9 }, 'invalid_input'],
    ['agent.move', { agent: 't0-a0', position: -1 }, 'invalid_input'],
    ['agent.move', { agent: 'ghost', team: 't1' }, 'not_found'],
    ['team.create', 'web', 'invalid_input'],
    ['team.create', { name: 't0' }, 'conflict'],
    ['team.create', { name: 'x', parent: 'nope' }, 'not_found'],
    ['team.rename', { team: 't0', name: 't1' }, 'conflict'],
    ['team.rename', { team: 'nope', name: 'x' }, 'not_found'],
    ['team.delete', { team: 't0' }, 'conflict'],
    ['team.delete', { team: 'nope' }, 'not_found'],
    ['team.move', { team: 't0' }, 'invalid_input'],
    ['team.move', { team: 't0', parent: 't0' }, 'conflict'],
    ['team.move', { team: 't0', position: 5 }, 'invalid_input'],
    ['team.move', { team: 't0', parent: 'nope' }, 'not_found'],
    ['layout.get', { preset: 'quad' }, 'invalid_input'],
    ['layout.preview', {}, 'invalid_input'],
    ['layout.preview', { arrangement: 'nope' }, 'not_found'],
    ['layout.apply', { preset: 'spiral' }, 'invalid_input'],
    ['layout.save', { name: '' }, 'invalid_input'],
    ['layout.save', { name: 'saved' }, 'conflict'],
    ['layout.restore', { name: 'nope' }, 'not_found'],
    ['layout.list', { all: true }, 'invalid_input'],
    ['layout.delete', { name: 'nope' }, 'not_found'],
    ['agent.explode', {}, 'not_found'],
  ];

  it.each(cases)('%s %j → %s', async (name, input, code) => {
    const { call, populate, state, events } = setupFleet();
    await populate(2, 2);
    await call('layout.save', { name: 'saved' });
    const before = await state();
    const eventCount = events.length;
    await expect(call(name, input)).rejects.toMatchObject({ code });
    expect(await state()).toBe(before);
    expect(events).toHaveLength(eventCount);
  });

  it('covers every fleet and layout command', () => {
    const covered = new Set(cases.map(([name]) => name));
    const mine = [
      ...Object.keys(fleetHandlers({} as never)),
      ...Object.keys(layoutHandlers({} as never, {} as never)),
    ];
    expect(mine.length).toBeGreaterThanOrEqual(18);
    expect(mine.filter((n) => !covered.has(n))).toEqual([]);
  });
});
