import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayoutPreset } from '@switchboard/protocol';
import {
  computeLayout,
  createMemoryBackend,
  panesOf,
  paneLocations,
  planLayout,
  toSplitNode,
} from '../../src/index';
import type { BackendLayout, LayoutAgent, LayoutTeam, MemoryBackend } from '../../src/index';

/** A memory terminal with `agents` panes scattered by random placements, plus `foreign` panes nobody manages. */
async function scatteredTerminal(agents: number, foreign: number, choices: readonly number[]) {
  const backend = createMemoryBackend();
  const panes: string[] = [];
  for (let i = 0; i < agents + foreign; i++) {
    const choice = choices[i % choices.length] ?? 0;
    const layout = await backend.getLayout();
    const target = panes[choice % Math.max(1, panes.length)];
    const window = layout.windows[choice % Math.max(1, layout.windows.length)];
    const placement =
      panes.length === 0 || choice % 3 === 0
        ? { kind: 'window' as const }
        : choice % 3 === 1 && window
          ? { kind: 'tab' as const, windowId: window.windowId! }
          : { kind: 'split' as const, paneId: target!, vertical: choice % 2 === 0 };
    panes.push((await backend.createPane({ placement })).id);
  }
  return { backend, agentPanes: panes.slice(0, agents), foreignPanes: panes.slice(agents) };
}

const teams: LayoutTeam[] = [
  { id: 't0', name: 't0', parentId: null, position: 0 },
  { id: 't1', name: 't1', parentId: 't0', position: 0 },
  { id: 't2', name: 't2', parentId: null, position: 1 },
  { id: 't3', name: 't3', parentId: null, position: 2 },
];

const scenario = fc.record({
  agentTeams: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 1, maxLength: 14 }),
  foreign: fc.integer({ min: 0, max: 3 }),
  choices: fc.array(fc.nat(20), { minLength: 1, maxLength: 20 }),
  preset: fc.constantFrom(...LayoutPreset.options),
});

function fleetOf(agentTeams: readonly number[]): LayoutAgent[] {
  return agentTeams.map((t, i) => ({
    id: `a${i}`,
    name: `a${i}`,
    teamId: t < 0 ? null : `t${t}`,
    position: i,
  }));
}

async function applyFleet(
  backend: MemoryBackend,
  agents: LayoutAgent[],
  paneOf: Map<string, string>,
  preset: LayoutPreset,
  before?: LayoutAgent[],
) {
  const desired = computeLayout({ teams, agents, preset });
  const previous = before ? computeLayout({ teams, agents: before, preset }) : undefined;
  const plan = planLayout(await backend.getLayout(), desired, paneOf, previous);
  await backend.applyLayout(plan);
  return { desired, actual: await backend.getLayout() };
}

const foreignTabs = (layout: BackendLayout, foreign: readonly string[]) =>
  layout.windows.flatMap((w) =>
    w.tabs
      .filter((t) => panesOf(t.root).some((p) => foreign.includes(p)))
      .map((t) => ({ windowId: w.windowId, ...t })),
  );

describe('layout planner against the memory terminal (property tests)', () => {
  it('always produces a layout the terminal accepts, with every desired tree in place and foreign panes left alone', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ agentTeams, foreign, choices, preset }) => {
        const { backend, agentPanes, foreignPanes } = await scatteredTerminal(
          agentTeams.length,
          foreign,
          choices,
        );
        const agents = fleetOf(agentTeams);
        const paneOf = new Map(agents.map((a, i) => [a.id, agentPanes[i]!]));
        const before = await backend.getLayout();
        const { desired, actual } = await applyFleet(backend, agents, paneOf, preset);
        const actualTrees = actual.windows.flatMap((w) => w.tabs.map((t) => JSON.stringify(t.root)));
        for (const tab of desired.windows.flatMap((w) => w.tabs))
          expect(actualTrees).toContain(JSON.stringify(toSplitNode(tab.root, paneOf)));
        // Foreign panes keep their tab (with fleet panes taken out of it).
        const where = paneLocations(actual);
        const whereBefore = paneLocations(before);
        for (const p of foreignPanes) expect(where.get(p)).toBe(whereBefore.get(p));
        expect(
          foreignTabs(actual, foreignPanes)
            .flatMap((t) => panesOf(t.root))
            .sort(),
        ).toEqual([...foreignPanes].sort());
        // Applying the same fleet again changes nothing.
        expect(planLayout(actual, desired, paneOf)).toEqual(actual);
      }),
      { numRuns: 150 },
    );
  });

  it('moving one agent keeps every other pane in its window and tab unless its tab had to change', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.nat(),
        fc.integer({ min: -1, max: 3 }),
        async ({ agentTeams, foreign, choices, preset }, pick, target) => {
          const { backend, agentPanes } = await scatteredTerminal(agentTeams.length, foreign, choices);
          const agents = fleetOf(agentTeams);
          const paneOf = new Map(agents.map((a, i) => [a.id, agentPanes[i]!]));
          const first = await applyFleet(backend, agents, paneOf, preset);
          const moved = agents[pick % agents.length]!;
          const after = agents.map((a) =>
            a.id === moved.id ? { ...a, teamId: target < 0 ? null : `t${target}`, position: 1000 } : a,
          );
          const second = await applyFleet(backend, after, paneOf, preset, agents);
          const tabKey = (layout: typeof first.desired) => {
            const keys = new Map<string, string>();
            for (const w of layout.windows)
              for (const t of w.tabs)
                for (const id of JSON.stringify(t.root).match(/a\d+/g) ?? []) keys.set(id, t.key);
            return keys;
          };
          const keysBefore = tabKey(first.desired);
          const keysAfter = tabKey(second.desired);
          const where = paneLocations(first.actual);
          const whereAfter = paneLocations(second.actual);
          for (const agent of agents) {
            if (agent.id === moved.id || keysBefore.get(agent.id) !== keysAfter.get(agent.id)) continue;
            const pane = paneOf.get(agent.id)!;
            expect(whereAfter.get(pane)).toBe(where.get(pane));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
