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
 * shows its message until an answer replaces it. Answers count in the order the reads were asked, not the order
 * they arrive.
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
    // Answers may come back in another order than asked: the host answers calls concurrently, and one read can wait
    // longer than a later one (more panes to ask about, an fsync to share). An answer to a read asked before the one
    // shown is older than what is on screen and is dropped, else a pane closed meanwhile came back for good (ui-spawn).
    let asked = 0;
    let shown = 0;
    const newest = (ask: number) => live && ask > shown && ((shown = ask), true);
    const load = () => {
      const ask = ++asked;
      return latest.current.query(client).then(
        (data) => newest(ask) && setState({ data, problem: null }),
        (error: unknown) =>
          newest(ask) &&
          setState((before) => ({
            ...before,
            problem: error instanceof Error ? error.message : String(error),
          })),
      );
    };
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
