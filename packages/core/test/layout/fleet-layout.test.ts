import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayoutPreset, type FleetLayout, type LayoutNode } from '@switchboard/protocol';
import { PANES_PER_TAB, agentsOf, computeLayout, normalizeLayout, treeViolations } from '../../src/index';
import type { LayoutAgent, LayoutInput, LayoutTeam, SplitNode } from '../../src/index';

const presets = LayoutPreset.options;
const toSplit = (node: LayoutNode): SplitNode =>
  node.kind === 'agent'
    ? { kind: 'pane', paneId: node.agentId }
    : { kind: 'split', vertical: node.vertical, children: node.children.map(toSplit) };
const tabsOf = (layout: FleetLayout) =>
  layout.windows.flatMap((w) => w.tabs.map((t) => ({ window: w.key, ...t })));
const placedAgents = (layout: FleetLayout) => tabsOf(layout).flatMap((t) => agentsOf(t.root));

/** Random fleets: a team forest (with the odd unknown parent), agents in teams, without one, or in a team that does not exist. */
const fleetArbitrary = (maxAgents = 30) =>
  fc
    .record({
      teamCount: fc.integer({ min: 0, max: 6 }),
      parents: fc.array(fc.integer({ min: -2, max: 5 }), { minLength: 6, maxLength: 6 }),
      teamPositions: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }),
      agents: fc.array(
        fc.record({ team: fc.integer({ min: -2, max: 5 }), position: fc.integer({ min: 0, max: 40 }) }),
        { maxLength: maxAgents },
      ),
      preset: fc.constantFrom(...presets),
    })
    .map(({ teamCount, parents, teamPositions, agents, preset }): LayoutInput => {
      const teams: LayoutTeam[] = Array.from({ length: teamCount }, (_, i) => {
        const p = parents[i]!;
        // Parents only among earlier teams (so no cycles), sometimes an unknown id, sometimes none.
        const parentId = p === -2 ? 'team-ghost' : p >= 0 && p < i ? `team-${p}` : null;
        return { id: `team-${i}`, name: `t${i}`, parentId, position: teamPositions[i]! };
      });
      const layoutAgents: LayoutAgent[] = agents.map((a, i) => ({
        id: `agent-${i}`,
        name: `a${i}`,
        teamId: a.team === -2 ? 'team-ghost' : a.team >= 0 && a.team < teamCount ? `team-${a.team}` : null,
        position: a.position,
      }));
      return { teams, agents: layoutAgents, preset };
    });

describe('layout engine (property tests)', () => {
  it('places every agent exactly once, under every preset', () => {
    fc.assert(
      fc.property(fleetArbitrary(), (fleet) => {
        const placed = placedAgents(computeLayout(fleet));
        expect([...placed].sort()).toEqual(fleet.agents.map((a) => a.id).sort());
      }),
      { numRuns: 300 },
    );
  });

  it("obeys iTerm2's rules: ≥2 children per splitter, no same-orientation nesting, canonical form, unique keys, no empty tab or window", () => {
    fc.assert(
      fc.property(fleetArbitrary(), (fleet) => {
        const layout = computeLayout(fleet);
        for (const tab of tabsOf(layout)) {
          expect(treeViolations(toSplit(tab.root))).toEqual([]);
          expect(normalizeLayout(tab.root)).toEqual(tab.root);
        }
        for (const window of layout.windows) expect(window.tabs.length).toBeGreaterThan(0);
        const windowKeys = layout.windows.map((w) => w.key);
        const tabKeys = tabsOf(layout).map((t) => t.key);
        expect(new Set(windowKeys).size).toBe(windowKeys.length);
        expect(new Set(tabKeys).size).toBe(tabKeys.length);
      }),
      { numRuns: 300 },
    );
  });

  it('is a function of the fleet, not of the order its rows arrive in', () => {
    fc.assert(
      fc.property(fleetArbitrary(), (fleet) => {
        const reversed = { ...fleet, teams: [...fleet.teams].reverse(), agents: [...fleet.agents].reverse() };
        expect(computeLayout(reversed)).toEqual(computeLayout(fleet));
      }),
      { numRuns: 200 },
    );
  });

  it("moving one agent to another team changes only the tabs it leaves and joins (paged groups: only those teams' pages)", () => {
    fc.assert(
      fc.property(fleetArbitrary(), fc.nat(), fc.integer({ min: -1, max: 5 }), (fleet, pick, target) => {
        fc.pre(fleet.agents.length > 0);
        const moved = fleet.agents[pick % fleet.agents.length]!;
        const teamId = target >= 0 && target < fleet.teams.length ? `team-${target}` : null;
        const after: LayoutInput = {
          ...fleet,
          agents: fleet.agents.map((a) => (a.id === moved.id ? { ...a, teamId, position: 1000 } : a)),
        };
        const before = computeLayout(fleet);
        const next = computeLayout(after);
        const tabsBefore = new Map(tabsOf(before).map((t) => [t.key, t]));
        const tabsAfter = new Map(tabsOf(next).map((t) => [t.key, t]));
        const touched = (key: string) =>
          [tabsBefore.get(key), tabsAfter.get(key)].some((t) => t && agentsOf(t.root).includes(moved.id));
        const sameGroup = (key: string) =>
          [...tabsBefore.values(), ...tabsAfter.values()].some(
            (t) => touched(t.key) && key.split('#')[0] === t.key.split('#')[0],
          );
        for (const key of new Set([...tabsBefore.keys(), ...tabsAfter.keys()])) {
          // A group that pages over several tabs may shift its later pages by one agent.
          const paged = fleet.preset !== 'single' && fleet.preset !== 'agent-tabs';
          if (touched(key) || (paged && sameGroup(key))) continue;
          expect(tabsAfter.get(key)?.root).toEqual(tabsBefore.get(key)?.root);
          expect(tabsAfter.get(key)?.window).toEqual(tabsBefore.get(key)?.window);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('layout engine (presets by example)', () => {
  const teams: LayoutTeam[] = [
    { id: 'web', name: 'web', parentId: null, position: 0 },
    { id: 'web-ui', name: 'web-ui', parentId: 'web', position: 0 },
    { id: 'ops', name: 'ops', parentId: null, position: 1 },
  ];
  const agent = (id: string, teamId: string | null, position: number): LayoutAgent => ({
    id,
    name: id,
    teamId,
    position,
  });
  const agents = [
    agent('w1', 'web', 0),
    agent('w2', 'web', 1),
    agent('u1', 'web-ui', 0),
    agent('o1', 'ops', 0),
    agent('o2', 'ops', 1),
    agent('o3', 'ops', 2),
    agent('x', null, 0),
  ];
  const leaf = (agentId: string): LayoutNode => ({ kind: 'agent', agentId });
  const shape = (layout: FleetLayout) => layout.windows.map((w) => [w.key, w.tabs.map((t) => t.key)]);

  it('team-windows: a window per top-level team, a tab per (sub-)team, grids inside', () => {
    const layout = computeLayout({ teams, agents, preset: 'team-windows' });
    expect(shape(layout)).toEqual([
      ['team:web', ['team:web', 'team:web-ui']],
      ['team:ops', ['team:ops']],
      ['unassigned', ['unassigned']],
    ]);
    expect(layout.windows[1]!.tabs[0]!.root).toEqual({
      kind: 'split',
      vertical: false,
      children: [{ kind: 'split', vertical: true, children: [leaf('o1'), leaf('o2')] }, leaf('o3')],
    });
  });

  it('team-grid: one window, a tab per top-level team with its whole subtree', () => {
    const layout = computeLayout({ teams, agents, preset: 'team-grid' });
    expect(shape(layout)).toEqual([['fleet', ['team:web', 'team:ops', 'unassigned']]]);
    expect(agentsOf(layout.windows[0]!.tabs[0]!.root)).toEqual(['w1', 'w2', 'u1']);
  });

  it('agent-tabs and single: a tab per agent', () => {
    expect(computeLayout({ teams, agents, preset: 'agent-tabs' }).windows[0]!.tabs).toHaveLength(7);
    expect(shape(computeLayout({ teams, agents, preset: 'single' }))[1]).toEqual([
      'team:ops',
      ['agent:o1', 'agent:o2', 'agent:o3'],
    ]);
  });

  it('the seed six for any number of panes', () => {
    const many = Array.from({ length: 6 }, (_, i) => agent(`a${i}`, 'ops', i));
    const tabs = (preset: LayoutPreset) => computeLayout({ teams, agents: many, preset }).windows[0]!.tabs;
    const ids = many.map((a) => a.id);
    expect(tabs('horizontal')[0]!.root).toEqual({ kind: 'split', vertical: false, children: ids.map(leaf) });
    expect(tabs('vertical')[0]!.root).toEqual({ kind: 'split', vertical: true, children: ids.map(leaf) });
    expect(tabs('quad').map((t) => agentsOf(t.root))).toEqual([ids.slice(0, 4), ids.slice(4)]);
    expect(tabs('quad')[0]!.root).toEqual({
      kind: 'split',
      vertical: false,
      children: [
        { kind: 'split', vertical: true, children: [leaf('a0'), leaf('a1')] },
        { kind: 'split', vertical: true, children: [leaf('a2'), leaf('a3')] },
      ],
    });
    expect(tabs('triple-right')[0]!.root).toEqual({
      kind: 'split',
      vertical: true,
      children: [leaf('a0'), { kind: 'split', vertical: false, children: ids.slice(1).map(leaf) }],
    });
    expect(tabs('triple-bottom')[0]!.root).toEqual({
      kind: 'split',
      vertical: false,
      children: [leaf('a0'), { kind: 'split', vertical: true, children: ids.slice(1).map(leaf) }],
    });
    expect(tabs('single')).toHaveLength(6);
    const one = computeLayout({ teams, agents: [agent('solo', 'ops', 0)], preset: 'triple-right' });
    expect(one.windows[0]!.tabs[0]!.root).toEqual(leaf('solo'));
  });

  it('pages a big group over several tabs instead of splitting one window forever', () => {
    const agents: LayoutAgent[] = Array.from({ length: 100 }, (_, i) => ({
      id: `agent-${i}`,
      name: `a${i}`,
      teamId: null,
      position: i,
    }));
    for (const [preset, perTab] of [
      ['team-windows', PANES_PER_TAB.grid],
      ['vertical', PANES_PER_TAB.line],
      ['quad', PANES_PER_TAB.quad],
    ] as const) {
      const tabs = tabsOf(computeLayout({ teams: [], agents, preset }));
      expect(tabs).toHaveLength(Math.ceil(100 / perTab));
      expect(tabs.every((t) => agentsOf(t.root).length <= perTab)).toBe(true);
      expect(tabs.slice(0, 2).map((t) => t.title)).toEqual(['no team', 'no team (2)']);
      expect(tabs.flatMap((t) => agentsOf(t.root))).toEqual(agents.map((a) => a.id));
    }
  });

  it('treats a team on a parent cycle as top level instead of losing it', () => {
    const cyclic: LayoutTeam[] = [
      { id: 'a', name: 'a', parentId: 'b', position: 0 },
      { id: 'b', name: 'b', parentId: 'a', position: 1 },
    ];
    const layout = computeLayout({
      teams: cyclic,
      agents: [agent('p', 'a', 0), agent('q', 'b', 0)],
      preset: 'team-windows',
    });
    expect(placedAgents(layout).sort()).toEqual(['p', 'q']);
  });
});
