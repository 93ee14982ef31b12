import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { createHealthStore, type HealthStore, type HealthStoreState } from '../../health/health-store';
import { useFleet } from '../store-context';

/** A health store for as long as the dashboard is shown, kept loaded for `agentIds`. */
export function useHealthStore(agentIds: readonly string[]): HealthStore {
  const client = useFleet((s) => s.client);
  const ids = useRef(agentIds);
  ids.current = agentIds;
  const [store] = useState(() => createHealthStore(client, { agentIds: () => ids.current }));
  useEffect(() => () => store.getState().dispose(), [store]);
  const key = useMemo(() => [...agentIds].sort().join(','), [agentIds]);
  useEffect(() => {
    void store.getState().refresh(ids.current);
  }, [store, key]);
  return store;
}

export function useHealth<T>(store: HealthStore, selector: (state: HealthStoreState) => T): T {
  return useStore(store, selector);
}
