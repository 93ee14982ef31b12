import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { FleetStore, FleetStoreState } from '../store/fleet-store';

export const StoreContext = createContext<FleetStore | null>(null);

/** Reads from the injected fleet store (see createFleetStore). */
export function useFleet<T>(selector: (state: FleetStoreState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useFleet needs a <StoreContext.Provider>');
  return useStore(store, selector);
}
