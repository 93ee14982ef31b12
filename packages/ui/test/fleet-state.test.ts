import { describe, expect, it } from 'vitest';
import { FORMER_NAMES_KEPT, type Agent, type SwitchboardEvent, type Team } from '@switchboard/protocol';
import { agentBadges } from '../src/store/selectors';
import { shownName } from '../src/store/shown-name';
import { applyEvent, emptyFleet, fromSnapshot, groupByTeam, hasGap } from '../src/index';

const team = (id: string, parentId: string | null = null, position = 0): Team => ({
  id,
  name: id,
  parentId,
  color: '#123456',
  position,
  createdAt: 't',
});
const agent = (id: string, teamId: string | null, position = 0): Agent => ({
  id,
  name: id,
  kind: 'shell',
  command: null,
  cwd: null,
  teamId,
  role: 'custom',
  state: 'starting',
  stateSince: 't',
  paneId: null,
  position,
  createdAt: 't',
});
const at = 't';

describe('applyEvent', () => {
  it('adds, updates and removes agents and teams', () => {
    let state = fromSnapshot({ agents: [], teams: [], sequence: 0 });
    state = applyEvent(state, { type: 'team.created', team: team('web'), sequence: 1, at });
    state = applyEvent(state, { type: 'agent.spawned', agent: agent('a', 'web'), sequence: 2, at });
    state = applyEvent(state, {
      type: 'agent.updated',
      agent: { ...agent('a', 'web'), state: 'working' },
      sequence: 3,
      at,
    });
    expect(state.agents['a']?.state).toBe('working');
    const task = {
      agentId: 'a',
      text: 'Tag v2.4',
      source: 'plan_step' as const,
      ref: 'plan:p:tag',
      since: at,
    };
    state = applyEvent(state, { type: 'agent.task_changed', agentId: 'a', task, sequence: 4, at });
    expect(state.tasks['a']).toEqual(task);
    state = applyEvent(state, { type: 'agent.task_changed', agentId: 'a', task: null, sequence: 5, at });
    expect(state.tasks).toEqual({});
    state = applyEvent(state, { type: 'agent.task_changed', agentId: 'a', task, sequence: 6, at });
    state = applyEvent(state, { type: 'agent.closed', agentId: 'a', sequence: 7, at });
    state = applyEvent(state, { type: 'team.deleted', teamId: 'web', sequence: 8, at });
    expect(state).toEqual({
      agents: {},
      tasks: {},
      teams: {},
      approvals: {},
      locks: {},
      inboxes: {},
      promptAnswers: {},
      humanControl: {},
      backend: { connected: true },
      // The closed agent's name stays, for its messages and records (shownName: "a (closed)").
      formerNames: { a: 'a' },
      sequence: 8,
    });
  });

  // Review of session 25's "(closed)" names: messages, audit and memory entries carry only the id, so an agent
  // closed while the page watched read as its raw id everywhere but the approvals (the only records with a name).
  it('keeps the name of an agent closed while watching, or gone from a fresh snapshot, the newest 1,000', () => {
    let state = fromSnapshot({
      agents: [agent('a', null), agent('b', null), agent('c', null)],
      teams: [],
      sequence: 0,
    });
    state = applyEvent(state, {
      type: 'agent.updated',
      agent: { ...agent('a', null), name: 'alice' },
      sequence: 1,
      at,
    });
    state = applyEvent(state, { type: 'agent.closed', agentId: 'a', sequence: 2, at });
    expect(state.formerNames).toEqual({ a: 'alice' });
    // A reconnect's snapshot without b (closed while the page was away); c stays live; a's name is still known.
    state = fromSnapshot({ agents: [agent('c', null)], teams: [], sequence: 9 }, {}, state);
    expect(state.formerNames).toEqual({ a: 'alice', b: 'b' });
    expect(shownName(state, 'a').text).toBe('alice (closed)');
    expect(shownName(state, 'c').text).toBe('c');
    // Bounded: a fleet churning through agents keeps the newest FORMER_NAMES_KEPT names.
    let sequence = 10;
    for (let i = 0; i < FORMER_NAMES_KEPT + 5; i++) {
      state = applyEvent(state, {
        type: 'agent.spawned',
        agent: agent(`x${i}`, null),
        sequence: sequence++,
        at,
      });
      state = applyEvent(state, { type: 'agent.closed', agentId: `x${i}`, sequence: sequence++, at });
    }
    expect(Object.keys(state.formerNames)).toHaveLength(FORMER_NAMES_KEPT);
    expect(state.formerNames['a']).toBeUndefined();
    expect(state.formerNames[`x${FORMER_NAMES_KEPT + 4}`]).toBe(`x${FORMER_NAMES_KEPT + 4}`);
  });

  it("keeps how decided prompts were carried out, and who has the human's control, from the events", () => {
    let state = fromSnapshot({ agents: [agent('a', null)], teams: [], sequence: 0 });
    state = applyEvent(state, {
      type: 'prompt.answered',
      approvalId: 'p1',
      agentId: 'a',
      choice: null,
      keys: [],
      attempts: 0,
      confirmed: false,
      error: 'nothing was pressed',
      sequence: 1,
      at,
    });
    expect(state.promptAnswers['p1']).toEqual({ confirmed: false, error: 'nothing was pressed', keys: [] });
    state = applyEvent(state, {
      type: 'pane.human_control',
      paneId: 'pane-1',
      agentId: 'a',
      until: '2026-12-05T10:00:05.000Z',
      sequence: 2,
      at,
    });
    expect(agentBadges(state)['a']?.humanControl).toBe(true);
    state = applyEvent(state, {
      type: 'pane.human_control',
      paneId: 'pane-1',
      agentId: 'a',
      until: null,
      sequence: 3,
      at,
    });
    expect(state.humanControl).toEqual({});
    expect(agentBadges(state)['a']?.humanControl ?? false).toBe(false);
  });

  it('ignores events the snapshot already reflects', () => {
    const state = fromSnapshot({ agents: [agent('a', null)], teams: [], sequence: 7 });
    const stale: SwitchboardEvent = { type: 'agent.closed', agentId: 'a', sequence: 6, at };
    expect(applyEvent(state, stale)).toBe(state);
  });

  it('detects a gap in the sequence', () => {
    const state = fromSnapshot({ agents: [], teams: [], sequence: 3 });
    expect(hasGap(state, { type: 'team.deleted', teamId: 'x', sequence: 4, at })).toBe(false);
    expect(hasGap(state, { type: 'team.deleted', teamId: 'x', sequence: 6, at })).toBe(true);
    expect(hasGap(emptyFleet, { type: 'team.deleted', teamId: 'x', sequence: 6, at })).toBe(false);
  });
});

describe('groupByTeam', () => {
  it('orders teams as a tree with depth, and puts teamless agents last', () => {
    const state = fromSnapshot({
      teams: [team('b', null, 1), team('a', null, 0), team('a1', 'a', 2)],
      agents: [agent('x', 'a1'), agent('y', null), agent('z', 'a')],
      sequence: 0,
    });
    expect(groupByTeam(state).map((g) => [g.team?.id ?? null, g.depth, g.agents.map((a) => a.id)])).toEqual([
      ['a', 0, ['z']],
      ['a1', 1, ['x']],
      ['b', 0, []],
      [null, 0, ['y']],
    ]);
  });
});

describe('backend status', () => {
  it('follows backend.disconnected and backend.reconnected', () => {
    let state = fromSnapshot({ agents: [], teams: [], sequence: 1 } as never);
    expect(state.backend).toEqual({ connected: true });
    state = applyEvent(state, {
      type: 'backend.disconnected',
      backend: 'iterm2',
      sequence: 2,
      at: '2026-12-05T12:00:00.000Z',
    });
    expect(state.backend).toEqual({ connected: false, name: 'iterm2', since: '2026-12-05T12:00:00.000Z' });
    state = fromSnapshot({ agents: [], teams: [], sequence: 3 } as never, {}, state);
    expect(state.backend.connected).toBe(false);
    state = applyEvent(state, {
      type: 'backend.reconnected',
      backend: 'iterm2',
      gapMs: 1500,
      sequence: 4,
      at: '2026-12-05T12:00:01.500Z',
    });
    expect(state.backend).toEqual({ connected: true, name: 'iterm2' });
  });

  it("keeps a remote host's lost connection apart from the terminal's: only hostsDown changes", () => {
    let state = fromSnapshot({ agents: [], teams: [], sequence: 1 } as never);
    const at = '2026-12-05T12:00:00.000Z';
    state = applyEvent(state, { type: 'backend.disconnected', backend: 'sim', host: 'box', sequence: 2, at });
    state = applyEvent(state, { type: 'backend.disconnected', backend: 'sim', host: 'gpu', sequence: 3, at });
    expect(state.backend).toEqual({ connected: true, hostsDown: { box: at, gpu: at } });
    state = applyEvent(state, {
      type: 'backend.reconnected',
      backend: 'sim',
      host: 'box',
      gapMs: 10,
      sequence: 4,
      at,
    });
    expect(state.backend).toEqual({ connected: true, hostsDown: { gpu: at } });
  });
});
