import { createStore } from 'zustand/vanilla';
import { SwitchboardError } from '@switchboard/protocol';
import type { Client, CommandInput, ConnectionStatus } from '@switchboard/protocol';
import { applyEvent, emptyFleet, fromSnapshot, hasGap, type FleetState } from './fleet-state';

export interface FleetStoreState {
  fleet: FleetState;
  connection: ConnectionStatus;
  /** Whether the first snapshot has arrived. */
  loaded: boolean;
  lastError: string | null;
  spawnAgent(input: CommandInput<'agent.spawn'>): Promise<boolean>;
  createTeam(input: CommandInput<'team.create'>): Promise<boolean>;
  closeAgent(agent: string): Promise<boolean>;
  dismissError(): void;
}

/**
 * The UI's one store, created with an injected client (WebSocket, Electron IPC or in-memory). It loads
 * a snapshot whenever the link opens, then applies events; a sequence gap triggers a fresh snapshot.
 */
export function createFleetStore(client: Client) {
  const store = createStore<FleetStoreState>()((set) => {
    const run = async (work: () => Promise<unknown>) => {
      try {
        await work();
        set({ lastError: null });
        return true;
      } catch (error) {
        set({ lastError: error instanceof SwitchboardError ? error.message : String(error) });
        return false;
      }
    };
    return {
      fleet: emptyFleet,
      connection: 'connecting',
      loaded: false,
      lastError: null,
      spawnAgent: (input) => run(() => client.call('agent.spawn', input)),
      createTeam: (input) => run(() => client.call('team.create', input)),
      closeAgent: (agent) => run(() => client.call('agent.close', { agent })),
      dismissError: () => set({ lastError: null }),
    };
  });

  const refresh = async () => {
    try {
      const snapshot = await client.call('fleet.snapshot', {});
      store.setState((state) => ({ fleet: snapshot.sequence >= state.fleet.sequence ? fromSnapshot(snapshot) : state.fleet, loaded: true }));
    } catch {
      // The status listener retries when the connection comes back.
    }
  };

  client.onEvent((event) => {
    const { fleet } = store.getState();
    if (hasGap(fleet, event)) void refresh();
    store.setState({ fleet: applyEvent(fleet, event) });
  });
  client.onStatus((connection) => {
    store.setState({ connection });
    if (connection === 'open') void refresh();
  });
  void refresh();
  return store;
}

export type FleetStore = ReturnType<typeof createFleetStore>;
