import ELK from 'elkjs/lib/elk-api';
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker';
import type { ElkLayouter } from '../../flow/flow-layout';

/**
 * An ELK whose layouts run in a Web Worker (elkjs's own worker script, bundled by Vite as a same-origin
 * file, which both CSPs allow): laying out 100 agents and 300 edges takes seconds and would otherwise
 * freeze the page. Null where there are no workers (a test DOM): the caller falls back to this thread.
 */
export function createWorkerElk(): ElkLayouter | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new ELK({ workerFactory: () => new ElkWorker() });
  } catch {
    return null;
  }
}
