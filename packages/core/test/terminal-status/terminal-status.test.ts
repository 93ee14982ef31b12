import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  humanCaller,
  type Agent,
  type Caller,
  type SwitchboardEvent,
  type Team,
} from '@switchboard/protocol';
import { createOrchestrator, stateTabColor, type Orchestrator } from '../../src/index';
import { FakeClock } from '../../src/testing/index';
import { scriptedBackend, settle } from '../health/scripted-backend';

describe('terminal status: tab colour by state, badge and title formats', () => {
  let orchestrator: Orchestrator | undefined;
  afterEach(async () => orchestrator?.close());

  function setup(databasePath = ':memory:') {
    const scripted = scriptedBackend();
    orchestrator = createOrchestrator({ databasePath, backend: scripted.backend, clock: new FakeClock() });
    const o = orchestrator;
    const human = <T>(name: string, input: unknown = {}) => o.invoke(humanCaller, name, input) as Promise<T>;
    const as =
      (agent: Agent) =>
      <T>(name: string, input: unknown = {}) =>
        o.invoke({ kind: 'agent', id: agent.id } satisfies Caller, name, input) as Promise<T>;
    /** Every appearance write to the agent's pane since the last call. */
    let seen = new Map<string, number>();
    const writes = (agent: Agent) => {
      const all = scripted.appearances.get(agent.paneId!) ?? [];
      const from = seen.get(agent.paneId!) ?? 0;
      seen = new Map(seen).set(agent.paneId!, all.length);
      // The status-bar line is checked on its own below.
      return all.slice(from).map(({ status: _status, ...rest }) => rest);
    };
    const shown = (agent: Agent) =>
      Object.assign({}, ...(scripted.appearances.get(agent.paneId!) ?? [])) as {
        title?: string;
        badge?: string;
        tabColor?: string | null;
      };
    return { o, scripted, human, as, writes, shown };
  }

  it("colours the tab with the team's hue toned by state, and writes only what changed", async () => {
    const { o, human, writes, shown } = setup();
    const team = await human<Team>('team.create', { name: 'red' });
    const agent = await human<Agent>('agent.spawn', { name: 'a1', team: 'red', role: 'builder' });
    expect(writes(agent)).toEqual([
      { title: 'a1', badge: 'a1\nbuilder · starting', tabColor: stateTabColor(team.color, 'starting') },
    ]);
    await o.fleet.setState('a1', 'working');
    expect(writes(agent)).toEqual([{ badge: 'a1\nbuilder · working', tabColor: team.color }]);
    await o.fleet.setState('a1', 'waiting_for_input');
    await o.fleet.setState('a1', 'error');
    const colours = new Set([
      team.color,
      stateTabColor(team.color, 'waiting_for_input'),
      stateTabColor(team.color, 'error'),
      stateTabColor(team.color, 'idle'),
      stateTabColor(team.color, 'lost'),
    ]);
    expect(colours.size).toBe(5);
    expect(writes(agent).map((w) => w.tabColor)).toEqual([
      stateTabColor(team.color, 'waiting_for_input'),
      stateTabColor(team.color, 'error'),
    ]);
    // A rename changes the title and the badge, not the colour; the same state again writes nothing.
    await human('agent.rename', { agent: 'a1', name: 'alpha' });
    expect(writes(agent)).toEqual([{ title: 'alpha', badge: 'alpha\nbuilder · error' }]);
    await o.fleet.setState('alpha', 'error');
    await settle();
    expect(writes(agent)).toEqual([]);
    expect(shown(agent).tabColor).toBe(stateTabColor(team.color, 'error'));
  });

  it('per team and role: off, team colour only, by state; formats with the pending approvals and the task', async () => {
    const { o, human, as, writes, shown } = setup();
    const red = await human<Team>('team.create', { name: 'red' });
    await human('team.create', { name: 'blue' });
    const builder = await human<Agent>('agent.spawn', { name: 'b1', team: 'red', role: 'builder' });
    const reviewer = await human<Agent>('agent.spawn', { name: 'r1', team: 'red', role: 'tester' });
    const loner = await human<Agent>('agent.spawn', { name: 'l1', team: 'blue' });
    const settings = await human<{ teams: Record<string, unknown> }>('terminal.configure', {
      teams: { red: { tabColor: 'team', badge: '{name} ({approvals}) {task}', title: '{team}/{name}' } },
      roles: { tester: { tabColor: 'off' } },
    });
    expect(Object.keys(settings.teams)).toEqual([red.id]);
    await o.fleet.setState('b1', 'waiting_for_input');
    expect(shown(builder)).toMatchObject({ title: 'red/b1', badge: 'b1 (0) ', tabColor: red.color });
    expect(shown(reviewer)).toMatchObject({ title: 'red/r1', tabColor: null });
    expect(shown(loner).badge).toBe('l1\ncustom · starting');
    writes(builder);
    // An approval the agent waits for shows in its badge until it is decided.
    const { approval } = await as(builder)<{ approval: { id: string } }>('approval.request', {
      kind: 'permission',
      summary: 'rm -rf build',
    });
    await as(builder)('health.heartbeat', { note: 'cleaning the build' });
    expect(shown(builder).badge).toBe('b1 (1) cleaning the build');
    await human('approval.decide', { decisions: [{ id: approval.id, verdict: 'approve' }] });
    expect(shown(builder).badge).toBe('b1 (0) cleaning the build');
    expect(writes(builder).every((w) => !('tabColor' in w))).toBe(true);
    // Removing the team's override brings back the default (by state) for its agents.
    await human('terminal.configure', { teams: { red: null } });
    expect(shown(builder)).toMatchObject({
      title: 'b1',
      badge: 'b1\nbuilder · waiting for input',
      tabColor: stateTabColor(red.color, 'waiting_for_input'),
    });
    expect(shown(reviewer).tabColor).toBeNull();
  });

  it('refuses an unknown variable, a stray brace or an escape in a format, and changes nothing', async () => {
    const { human } = setup();
    const before = await human('terminal.configure', {});
    for (const badge of ['{name} {secret}', '{name', 'x\u001b]0;evil\u0007'])
      await expect(human('terminal.configure', { default: { badge } })).rejects.toMatchObject({
        code: 'invalid_input',
      });
    await expect(human('terminal.configure', { default: { badge: '{nmae}' } })).rejects.toThrow(
      /unknown variable \{nmae\}.*\{name\}/,
    );
    await expect(human('terminal.configure', { default: { tabColor: 'rainbow' } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      human('terminal.configure', { teams: { nosuch: { tabColor: 'off' } } }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await human('terminal.configure', {})).toEqual(before);
  });

  it('only the human configures it', async () => {
    const { o, human } = setup();
    const agent = await human<Agent>('agent.spawn', { name: 'a1' });
    await expect(
      o.invoke({ kind: 'agent', id: agent.id }, 'terminal.configure', { default: { tabColor: 'off' } }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a hostile task text (escape sequences) reaches the badge as plain text', async () => {
    const { human, as, shown } = setup();
    await human('terminal.configure', { default: { badge: '{name}: {task}' } });
    const agent = await human<Agent>('agent.spawn', { name: 'a1' });
    await as(agent)('health.heartbeat', {
      note: 'ok\u001b]0;owned\u0007\u001b[2J\u009b31m done\r\nrm -rf /',
    });
    const badge = shown(agent).badge!;
    expect(badge).toMatch(/^a1: ok/);
    // eslint-disable-next-line no-control-regex
    expect(badge).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(badge).toContain('rm -rf /');
  });

  it('gives the status bar the state, since when and the pending approvals; a click there opens the agent', async () => {
    const { o, scripted, human, as } = setup();
    const events: SwitchboardEvent[] = [];
    o.subscribe((event) => events.push(event));
    const agent = await human<Agent>('agent.spawn', { name: 'a1' });
    await o.fleet.setState('a1', 'waiting_for_input');
    await as(agent)('approval.request', { kind: 'permission', summary: 'push to main' });
    const status = () =>
      (Object.assign({}, ...scripted.appearances.get(agent.paneId!)!) as { status?: unknown }).status;
    expect(status()).toEqual({
      state: 'waiting_for_input',
      since: o.fleet.requireAgent('a1').stateSince,
      approvals: 1,
    });
    scripted.emit({ type: 'pane.status_clicked', paneId: agent.paneId! });
    expect(events.at(-1)).toMatchObject({
      type: 'terminal.status_clicked',
      agentId: agent.id,
      paneId: agent.paneId,
    });
    const count = events.length;
    scripted.emit({ type: 'pane.status_clicked', paneId: 'not-an-agent-pane' });
    expect(events.length).toBe(count);
  });

  it('exits read together reach their state before any of their panes is written; a pane closed with its exit is not written', async () => {
    const { o, scripted, human } = setup();
    await human('team.create', { name: 'red' });
    const agents: Agent[] = [];
    for (let i = 0; i < 5; i++)
      agents.push(
        (await o.fleet.spawn({ name: `a${i}`, kind: 'shell', team: 'red', role: 'builder' })).agent,
      );
    await settle();
    const written = (agent: Agent) => scripted.appearances.get(agent.paneId!)?.length ?? 0;
    const before = agents.map(written);
    // At each exited state: how many writes each pane had had since the exits came.
    const writesAtState: number[][] = [];
    o.subscribe((event) => {
      if (event.type === 'health.state_changed' && event.health.state === 'exited')
        writesAtState.push(agents.map((a, i) => written(a) - before[i]!));
    });
    // The terminal's frames of one read: five sessions ended, the first one's pane closed with it.
    for (const agent of agents) scripted.emit({ type: 'pane.exited', paneId: agent.paneId! });
    scripted.emit({ type: 'pane.closed', paneId: agents[0]!.paneId! });
    expect(writesAtState).toEqual(agents.map(() => agents.map(() => 0)));
    await settle();
    await settle();
    // Then the open panes show the exit, each written once; the closed one is not written.
    expect(agents.map((a, i) => written(a) - before[i]!)).toEqual([0, 1, 1, 1, 1]);
    for (const agent of agents.slice(1))
      expect(scripted.appearances.get(agent.paneId!)!.at(-1)!.badge).toBe(`${agent.name}\nbuilder · exited`);
  });

  it('terminal.status: what the pane shows, for the UI', async () => {
    const { o, human, as } = setup();
    const team = await human<Team>('team.create', { name: 'red' });
    const agent = await human<Agent>('agent.spawn', { name: 'a1', team: 'red', role: 'builder' });
    await human<Agent>('agent.spawn', { name: 'a2', team: 'red' });
    await o.fleet.setState('a1', 'waiting_for_input');
    await as(agent)('approval.request', { kind: 'permission', summary: 'push' });
    expect(await human('terminal.status', { agent: 'a1' })).toEqual({
      title: 'a1',
      badge: 'a1\nbuilder · waiting for input',
      tabColor: stateTabColor(team.color, 'waiting_for_input'),
      statusBar: 'waiting for input · 0s · 1 approval',
      fleetSummary: '1 waiting · 1 starting · 1 approval',
    });
    await expect(human('terminal.status', { agent: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps its settings across a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-status-')), 'db.sqlite');
    const first = setup(path);
    await first.human('terminal.configure', { roles: { builder: { title: '[{role}] {name}' } } });
    await first.o.close();
    orchestrator = undefined;
    const second = setup(path);
    const agent = await second.human<Agent>('agent.spawn', { name: 'b1', role: 'builder' });
    expect(second.shown(agent).title).toBe('[builder] b1');
  });
});
