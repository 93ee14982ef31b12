import { LayoutPreset, SwitchboardError } from '@switchboard/protocol';
import type { Agent, FleetLayout, Team } from '@switchboard/protocol';
import { computeLayout } from '../layout/fleet-layout';
import { planLayout } from '../layout/layout-plan';
import { agentsOf } from '../layout/pane-arrangements';
import { treeViolations } from '../layout/split-tree';
import type { BackendLayout, PanePlacement, TerminalBackend } from '../ports/terminal-backend';
import type { FleetRepository } from './fleet-repository';

const PRESET_SETTING = 'layout.preset';
/** The preset a new fleet starts with: a window per top-level team, a tab per sub-team. */
export const DEFAULT_PRESET: LayoutPreset = 'team-windows';

/** A fleet as the layout sees it; defaults to what the repository holds. */
export interface FleetShape {
  agents: readonly Agent[];
  teams: readonly Team[];
  preset: LayoutPreset;
}

/** Compares two layouts including ids, so an apply that would change nothing is skipped. */
const sameLayout = (a: BackendLayout, b: BackendLayout) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Drives the pure layout engine against the terminal: computes the desired windows, tabs and trees
 * for a fleet (current or proposed), plans the smallest rearrangement of live panes, and applies it.
 */
export class FleetLayouts {
  constructor(
    private readonly repository: FleetRepository,
    private readonly backend: TerminalBackend,
  ) {}

  preset(): LayoutPreset {
    const stored = LayoutPreset.safeParse(this.repository.getSetting(PRESET_SETTING));
    return stored.success ? stored.data : DEFAULT_PRESET;
  }

  setPreset(preset: LayoutPreset): void {
    this.repository.setSetting(PRESET_SETTING, preset);
  }

  current(): FleetShape {
    return {
      agents: this.repository.listAgents(),
      teams: this.repository.listTeams(),
      preset: this.preset(),
    };
  }

  /** The engine's layout for a fleet: agents without a pane are left out. */
  compute(fleet: FleetShape = this.current()): FleetLayout {
    return computeLayout({
      teams: fleet.teams,
      agents: fleet.agents.filter((a) => a.paneId !== null),
      preset: fleet.preset,
    });
  }

  /**
   * Lays live panes out for `fleet`, moving sessions and never restarting one. If the terminal refuses,
   * throws `conflict` with its reason after putting back what it had (so the caller persists nothing).
   */
  async apply(fleet: FleetShape = this.current()): Promise<FleetLayout> {
    const live = new Set((await this.backend.listPanes()).filter((p) => p.alive).map((p) => p.id));
    const placed = fleet.agents.filter((a) => a.paneId !== null && live.has(a.paneId));
    const desired = computeLayout({ teams: fleet.teams, agents: placed, preset: fleet.preset });
    const paneOf = new Map(placed.map((a) => [a.id, a.paneId!]));
    const current = await this.backend.getLayout();
    const before = this.current();
    const previous = computeLayout({
      teams: before.teams,
      agents: before.agents.filter((a) => a.paneId !== null && live.has(a.paneId)),
      preset: before.preset,
    });
    const plan = planLayout(current, desired, paneOf, previous);
    const violations = plan.windows.flatMap((w) => w.tabs.flatMap((t) => treeViolations(t.root)));
    if (violations.length > 0)
      throw new SwitchboardError(
        'internal',
        `The layout engine produced an invalid tree: ${violations.join('; ')}`,
      );
    if (sameLayout(current, plan)) return desired;
    try {
      await this.backend.applyLayout(plan);
    } catch (error) {
      // Swallowed on purpose: best effort to put the old layout back before the original error is thrown; the logged backend (core/src/backends/logged-backend.ts) has logged the failure.
      await this.backend.applyLayout(current).catch(() => undefined);
      throw new SwitchboardError(
        'conflict',
        `The terminal refused the new layout: ${(error as Error).message}`,
        {
          hint: 'Nothing was changed. Panes in tmux tabs or panes Switchboard does not manage may block a move.',
        },
      );
    }
    return desired;
  }

  /**
   * Where to create a pane for `agent` (not yet placed) so that the following re-layout moves little:
   * beside a neighbour of its tab, else as a new tab of its window, else a new window.
   */
  async placementFor(
    agent: Agent,
    fleet: FleetShape = this.current(),
    options: { split?: boolean } = {},
  ): Promise<PanePlacement> {
    const marker = '\u0000new-pane';
    const others = fleet.agents.filter((a) => a.id !== agent.id);
    const layout = this.compute({ ...fleet, agents: [...others, { ...agent, paneId: marker }] });
    const paneOf = new Map(others.filter((a) => a.paneId !== null).map((a) => [a.id, a.paneId!]));
    const panes = new Map((await this.backend.listPanes()).filter((p) => p.alive).map((p) => [p.id, p]));
    for (const window of layout.windows) {
      const tab = window.tabs.find((t) => agentsOf(t.root).includes(agent.id));
      if (!tab) continue;
      const order = agentsOf(tab.root);
      const index = order.indexOf(agent.id);
      const neighbours = [...order.slice(0, index).reverse(), ...order.slice(index + 1)];
      for (const id of neighbours) {
        const paneId = paneOf.get(id);
        if (!paneId || !panes.has(paneId)) continue;
        // A batch opens tabs beside its team-mates (a tab never runs out of room), then one re-layout places them.
        if (options.split === false) return { kind: 'tab', windowId: panes.get(paneId)!.windowId };
        return { kind: 'split', paneId, vertical: true, before: order.indexOf(id) > index };
      }
      for (const id of window.tabs.flatMap((t) => agentsOf(t.root))) {
        const pane = paneOf.get(id) === undefined ? undefined : panes.get(paneOf.get(id)!);
        if (pane) return { kind: 'tab', windowId: pane.windowId };
      }
    }
    return { kind: 'window' };
  }
}
