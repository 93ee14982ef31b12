import { useEffect } from 'react';
import { warmLayoutEngine } from '../../graph/fleet-layout';
import { hasCachedLayout } from '../../graph/layout-cache';

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);

/**
 * Shown while the first fleet snapshot is on its way. When no layout is kept from an earlier visit the chart
 * will need elkjs as soon as the data arrives, so its chunk is fetched and parsed now, while the page would
 * otherwise wait idle for the host (issue 21 item 5: a first load of 200 agents). With a kept layout it is
 * not: a reload of an unchanged fleet draws without elkjs.
 */
export function FleetLoading() {
  useEffect(() => {
    if (!hasCachedLayout(storage())) warmLayoutEngine();
  }, []);
  return <p className="muted">Loading the fleet…</p>;
}
