import { useEffect, useRef, useState } from 'react';
import type { Client, SwitchboardEvent } from '@switchboard/protocol';
import { useFleet } from '../store-context';
import { settledRefresh } from '../../store/settled-refresh';

/** Events arriving together cause one re-read, this long after the last of them… */
const REFRESH_MS = 200;
/** …or this long after the first, while they keep coming. */
const MAX_WAIT_MS = 1_000;

export interface LiveQuery<T> {
  data: T | null;
  problem: string | null;
}

/**
 * The answer of `query`, asked again (debounced, at least once a second while events keep coming) whenever an event `touches` it, for panels that show
 * what a command returns rather than what the fleet store holds. Asked afresh when `key` changes (the
 * agent shown) and whenever the connection opens again; null until the first answer; a failed call
 * shows its message until an answer replaces it.
 */
export function useLiveQuery<T>(
  key: string,
  query: (client: Client) => Promise<T>,
  touches: (event: SwitchboardEvent) => boolean,
): LiveQuery<T> {
  const client = useFleet((s) => s.client);
  const [state, setState] = useState<LiveQuery<T>>({ data: null, problem: null });
  const latest = useRef({ query, touches });
  latest.current = { query, touches };

  useEffect(() => {
    let live = true;
    const load = () =>
      latest.current.query(client).then(
        (data) => live && setState({ data, problem: null }),
        (error: unknown) =>
          live &&
          setState((before) => ({
            ...before,
            problem: error instanceof Error ? error.message : String(error),
          })),
      );
    void load();
    const refresh = settledRefresh(() => void load(), { quietMs: REFRESH_MS, maxWaitMs: MAX_WAIT_MS });
    const stop = client.onEvent((event) => {
      if (latest.current.touches(event)) refresh.trigger();
    });
    // Asked before the link was up (or while it was down): "Not connected" must not stay on screen once it is.
    const stopStatus = client.onStatus((status) => {
      if (status === 'open') void load();
    });
    return () => {
      live = false;
      refresh.cancel();
      stop();
      stopStatus();
    };
  }, [client, key]);

  return state;
}
