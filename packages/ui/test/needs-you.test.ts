import { describe, expect, it } from 'vitest';
import type { AgentState } from '@switchboard/protocol';
import { agentNodeId, applyEvent, layoutFleet, teamNodeId, toFlow, type FleetState } from '../src/index';
import { needsYou, withoutHeld } from '../src/graph/needs-you';
import { collapseFleet, teamTotals, totalsText } from '../src/graph/team-totals';
import { nextInDirection, rovingSpots } from '../src/graph/roving';
import { idOf, realFleet } from './real-fleet';

/** The state as the host reported it, with some agents' detected states set (states come from screens). */
function withStates(state: FleetState, states: Record<string, [AgentState, string]>): FleetState {
  const agents = { ...state.agents };
  for (const [name, [agentState, since]] of Object.entries(states)) {
    const id = idOf(state, name);
    agents[id] = { ...agents[id]!, state: agentState, stateSince: since };
  }
  return { ...state, agents };
}

describe('needs you', () => {
  it('lists askers first (in triage order), then waiting, error, hung, lost, the longest waiting first; quiet agents never', async () => {
    const fleet = await realFleet({
      teams: [{ name: 'web' }],
      agents: ['holder', 'asker', 'waits-long', 'waits-short', 'broken', 'stuck', 'gone', 'quiet'].map(
        (name) => ({ name, team: 'web' }),
      ),
    });
    let state = fleet.state;
    fleet.orchestrator.subscribe((event) => (state = applyEvent(state, event)));
    const as = (name: string) => ({ kind: 'agent' as const, id: idOf(fleet.state, name) });
    await fleet.orchestrator.invoke(as('holder'), 'lock.acquire', {
      resource: { kind: 'file', name: 'db/**' },
    });
    await fleet.orchestrator.invoke(as('asker'), 'lock.request', {
      resource: { kind: 'file', name: 'db/**' },
      reason: 'migrate',
    });
    const view = withStates(state, {
      'waits-short': ['waiting_for_input', '2026-01-01T10:05:00.000Z'],
      'waits-long': ['waiting_for_input', '2026-01-01T10:00:00.000Z'],
      broken: ['error', '2026-01-01T09:00:00.000Z'],
      stuck: ['hung', '2026-01-01T09:00:00.000Z'],
      gone: ['lost', '2026-01-01T09:00:00.000Z'],
      quiet: ['idle', '2026-01-01T08:00:00.000Z'],
    });
    const entries = needsYou(view, Date.parse('2026-01-01T10:10:00.000Z'));
    expect(entries.map((e) => [e.agent.name, e.kind])).toEqual([
      ['asker', 'approval'],
      ['waits-long', 'waiting'],
      ['waits-short', 'waiting'],
      ['broken', 'error'],
      ['stuck', 'hung'],
      ['gone', 'lost'],
    ]);
    expect(entries[0]!.approval).toMatchObject({ kind: 'lock', status: 'pending' });
    // Its item answered (held in the undo window): the card offers no answer, the agent asks nothing.
    const held = withoutHeld(view, new Set([entries[0]!.approval!.id]));
    expect(needsYou(held, Date.now()).map((e) => e.agent.name)).not.toContain('asker');
    const layout = await layoutFleet(view);
    const card = (s: FleetState) =>
      toFlow(s, layout).nodes.find((n) => n.id === agentNodeId(idOf(view, 'asker')));
    expect(card(view)?.data).toMatchObject({ approval: { id: entries[0]!.approval!.id } });
    expect(card(held)?.data).toMatchObject({ approval: null });
  });
});

describe('team totals, collapse and roving focus', () => {
  it('counts each team with its sub-teams, reads "N state · …" needs first, and collapses agents and sub-teams away', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }, { name: 'ui', parent: 'web' }, { name: 'api' }],
      agents: [
        { name: 'w1', team: 'web' },
        { name: 'u1', team: 'ui' },
        { name: 'u2', team: 'ui' },
        { name: 'a1', team: 'api' },
        { name: 'loose' },
      ],
    });
    const view = withStates(state, {
      u1: ['waiting_for_input', '2026-01-01T10:00:00.000Z'],
      w1: ['working', '2026-01-01T10:00:00.000Z'],
    });
    const totals = teamTotals(view);
    expect(totalsText(totals[teamNodeId(idOf(view, 'web'))])).toBe(
      `1 waiting · 1 working · 1 ${view.agents[idOf(view, 'u2')]!.state}`,
    );
    expect(totalsText(totals[teamNodeId(idOf(view, 'ui'))])).toMatch(/^1 waiting · 1 \w+$/);
    expect(Object.values(totals[teamNodeId(null)] ?? {})).toEqual([1]);
    expect(totalsText(undefined)).toBe('no agents');

    const folded = collapseFleet(view, new Set([idOf(view, 'web')]));
    expect(
      Object.values(folded.agents)
        .map((a) => a.name)
        .sort(),
    ).toEqual(['a1', 'loose']);
    expect(
      Object.values(folded.teams)
        .map((t) => t.name)
        .sort(),
    ).toEqual(['api', 'web']);
    expect(collapseFleet(view, new Set())).toBe(view);
    const nodes = toFlow(folded, await layoutFleet(folded), {
      totals,
      collapsed: new Set([idOf(view, 'web')]),
    }).nodes;
    expect(nodes.find((n) => n.id === teamNodeId(idOf(view, 'web')))?.data).toMatchObject({
      collapsed: true,
      total: 3,
      agentCount: 0,
    });
  });

  it('arrows go to the nearest node that way, never past the edge', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'a' }],
      agents: ['p', 'q', 'r', 's', 't', 'u'].map((name) => ({ name, team: 'a' })),
    });
    const layout = await layoutFleet(state);
    const ids = [
      teamNodeId(idOf(state, 'a')),
      ...['p', 'q', 'r', 's', 't', 'u'].map((n) => agentNodeId(idOf(state, n))),
    ];
    const spots = rovingSpots(layout, ids);
    expect(spots[0]!.id).toBe(teamNodeId(idOf(state, 'a')));
    const p = agentNodeId(idOf(state, 'p'));
    const right = nextInDirection(spots, p, 'right')!;
    const box = (id: string) => layout.boxes[id]!;
    expect(box(right).absoluteY).toBe(box(p).absoluteY);
    expect(box(right).absoluteX).toBeGreaterThan(box(p).absoluteX);
    const below = nextInDirection(spots, p, 'down')!;
    expect(box(below).absoluteX).toBe(box(p).absoluteX);
    expect(box(below).absoluteY).toBeGreaterThan(box(p).absoluteY);
    expect(nextInDirection(spots, p, 'left')).toBeNull();
    expect(nextInDirection(spots, p, 'up')).toBe(teamNodeId(idOf(state, 'a')));
  });
});
