export { applyEvent, emptyFleet, fromSnapshot, groupByTeam, hasGap, withInboxes } from './store/fleet-state';
export type { FleetState, TeamGroup } from './store/fleet-state';
export { createFleetStore } from './store/fleet-store';
export type { FleetStore, FleetStoreState, Outcome } from './store/fleet-store';
export { createShellStore } from './store/shell-store';
export type { ShellState, ShellStore, ThemeChoice, ViewName } from './store/shell-store';
export { attentionOf, groupNotices, noticeOf, noticesAfter } from './store/attention';
export type { Notice, NoticeGroup } from './store/attention';
export { agentBadges } from './store/selectors';
export type { AgentBadges } from './store/selectors';
export { childTeamsInOrder } from './store/team-order';
export { agentMatches, filterFleet } from './graph/fleet-filter';
export { groupByHost, hostOfGroup } from './graph/host-groups';
export {
  agentsOf,
  childTeams,
  emptyLayout,
  fromPlaced,
  headerRoomOf,
  layoutFleet,
  TEAM_HEADER,
  toLayoutGraph,
} from './graph/fleet-layout';
export { anchorShift, viewForNode } from './graph/node-view';
export { COMPACT_HEAD_PX, compactHeadScale, compactRoomAt, READABLE_ZOOM } from './graph/compact-room';
export { estimatedRoom, fitsItsBand, fitZoomOf, layoutForFit } from './graph/fitted-layout';
export type { FleetLayout, LayoutBox } from './graph/fleet-layout';
export { layoutKey } from './graph/layout-key';
export { planDrop, teamAt } from './graph/drop-target';
export type { DropPlan, Point } from './graph/drop-target';
export { agentIdOf, agentNodeId, teamIdOf, teamNodeId } from './graph/node-ids';
export { toFlow } from './graph/to-flow';
export type { AgentNode, FlowNode, TeamNode } from './graph/to-flow';
export { paletteEntries } from './shell/palette-entries';
export type { PaletteAction, PaletteEntry } from './shell/palette-entries';
export { App } from './views/app';
export { ShellContext, StoreContext } from './views/store-context';
