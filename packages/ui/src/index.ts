export { applyEvent, emptyFleet, fromSnapshot, groupByTeam, hasGap } from './store/fleet-state';
export type { FleetState, TeamGroup } from './store/fleet-state';
export { createFleetStore } from './store/fleet-store';
export type { FleetStore, FleetStoreState } from './store/fleet-store';
export { createWebSocketTransport } from './transport/websocket-transport';
export { App } from './views/app';
export { StoreContext } from './views/store-context';
