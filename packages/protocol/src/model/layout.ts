import { z } from 'zod';
import { Id, Name, Timestamp } from './ids';

/**
 * How the fleet is laid out in terminal windows, tabs and splits.
 * - `team-windows`: a window per top-level team, a tab per team or sub-team that has agents, a grid in each tab.
 * - `team-grid`: one window, a tab per top-level team holding its whole subtree in one grid.
 * - `agent-tabs`: one window, a tab per agent.
 * - the seed's six, per team tab (window per top-level team): `single` (a tab per agent), `horizontal`
 *   (stacked), `vertical` (side by side), `quad` (2×2 tabs, overflowing into more tabs), `triple-right`
 *   (first agent full height on the left, the others stacked on the right), `triple-bottom` (first agent
 *   full width on top, the others side by side below).
 */
export const LayoutPreset = z.enum([
  'team-windows',
  'team-grid',
  'agent-tabs',
  'single',
  'horizontal',
  'vertical',
  'quad',
  'triple-right',
  'triple-bottom',
]);
export type LayoutPreset = z.infer<typeof LayoutPreset>;

/** A split tree over agents: `vertical` splitters lay children side by side, others stack them. */
export type LayoutNode =
  { kind: 'agent'; agentId: string } | { kind: 'split'; vertical: boolean; children: LayoutNode[] };
export const LayoutNode: z.ZodType<LayoutNode> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal('agent'), agentId: Id }),
    z.object({ kind: z.literal('split'), vertical: z.boolean(), children: z.array(LayoutNode) }),
  ]),
);

export const LayoutTab = z.object({ key: z.string(), title: z.string(), root: LayoutNode });
export type LayoutTab = z.infer<typeof LayoutTab>;
export const LayoutWindow = z.object({ key: z.string(), title: z.string(), tabs: z.array(LayoutTab) });
export type LayoutWindow = z.infer<typeof LayoutWindow>;

/** The windows → tabs → split trees the layout engine wants for the fleet. */
export const FleetLayout = z.object({ preset: LayoutPreset, windows: z.array(LayoutWindow) });
export type FleetLayout = z.infer<typeof FleetLayout>;

/** A saved arrangement: the preset and where every team and agent sat when it was saved. */
export const ArrangementSummary = z.object({
  name: Name,
  preset: LayoutPreset,
  agents: z.number().int().nonnegative(),
  teams: z.number().int().nonnegative(),
  savedAt: Timestamp,
});
export type ArrangementSummary = z.infer<typeof ArrangementSummary>;

/** Where each team and agent sat when an arrangement was saved (stored as JSON). */
export const ArrangementPlacements = z.object({
  teams: z.array(z.object({ id: Id, parentId: Id.nullable(), position: z.number().int() })),
  agents: z.array(z.object({ id: Id, teamId: Id.nullable(), position: z.number().int() })),
});
export type ArrangementPlacements = z.infer<typeof ArrangementPlacements>;
