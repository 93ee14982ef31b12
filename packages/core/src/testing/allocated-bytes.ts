import { Session } from 'node:inspector/promises';

/**
 * The bytes V8 allocates while `run` runs (freed or not; awaited if it is async), by its allocation sampler (every
 * ~`samplingInterval` bytes, objects a scavenge or a major collection freed included): what a test divides by the
 * work done to bound garbage per unit.
 * Unoptimized code allocates far more than optimized code (iterators, no escape analysis): warm the code up first.
 */
export async function allocatedBytes(run: () => unknown, samplingInterval = 64): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
    await run();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    type Node = { selfSize: number; children: Node[] };
    const total = (node: Node): number => node.selfSize + node.children.reduce((sum, c) => sum + total(c), 0);
    return total(profile.head as Node);
  } finally {
    session.disconnect();
  }
}
