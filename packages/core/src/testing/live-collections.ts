import { Session } from 'node:inspector/promises';

/** A Map, Set or array that was in the heap at the mark and holds more entries now. */
export interface GrownCollection {
  kind: 'Map' | 'Set' | 'Array';
  before: number;
  after: number;
  /** The first key (Map), member (Set) or element (array), shortened: what it is keyed by. */
  sample: string;
}

/**
 * Finds the collections that grew while a test ran cycles of something a client can do (spawn and close, connect
 * and disconnect, subscribe and drop). `mark` (the call itself) notes the size of every live Map, Set and array after
 * a full collection, found by V8 (`queryObjects` by prototype: closures and private fields hide nothing); `grown(n)`
 * lists those of them that hold at least `n` entries more now, largest growth first. Collections made after the mark
 * are left out (a leak lives in one that outlasts the cycles; new ones are mostly the runner's own). One that grew by
 * about the number of cycles keeps something per cycle that the way out never removed.
 */
export async function liveCollections(options: { arrays?: boolean } = {}) {
  // Arrays are most of a heap's collections: leaving them out makes a census cheaper (mark + check in a test
  // worker's heap: 2.6 s against 3.5 s with them; 4.4 against 8.8 s when each kind was its own heap walk).
  const kinds = options.arrays === false ? ['Map', 'Set'] : ['Map', 'Set', 'Array'];
  const session = new Session();
  session.connect();
  type RemoteObject = { objectId?: string; value?: unknown };
  // Node's typings know `Runtime.queryObjects` and `callFunctionOn` only in part: the answers are typed here.
  const post = <T>(method: string, params?: object) =>
    session.post(method as 'Runtime.evaluate', params as never) as unknown as Promise<T>;
  const census = async (body: string): Promise<unknown> => {
    await session.post('HeapProfiler.collectGarbage');
    // One `queryObjects` for every kind: each call collects all garbage and walks the whole heap (1-2 s in a test
    // worker's heap whatever the prototype), so one by Object.prototype, split by kind here, costs a third of three.
    const { result: root } = await post<{ result: RemoteObject }>('Runtime.evaluate', {
      expression: 'Object.prototype',
      objectGroup: 'census',
    });
    const { objects } = await post<{ objects: RemoteObject }>('Runtime.queryObjects', {
      prototypeObjectId: root.objectId!,
      objectGroup: 'census',
    });
    const { result: split } = await post<{ result: RemoteObject }>('Runtime.callFunctionOn', {
      functionDeclaration: `function () {
        const maps = [], sets = [], arrays = [];
        for (const o of this) {
          try {
            if (o instanceof Map) maps.push(o);
            else if (o instanceof Set) sets.push(o);
            else if (${kinds.includes('Array')} && Array.isArray(o)) arrays.push(o);
          } catch {} // a revoked proxy throws on both checks: not a collection of ours
        }
        return [maps, sets, arrays];
      }`,
      objectId: objects.objectId!,
      objectGroup: 'census',
    });
    const found: { kind: string; objectId: string }[] = [];
    for (const [index, kind] of kinds.entries()) {
      const { result: part } = await post<{ result: RemoteObject }>('Runtime.callFunctionOn', {
        functionDeclaration: `function () { return this[${index}]; }`,
        objectId: split.objectId!,
        objectGroup: 'census',
      });
      found.push({ kind, objectId: part.objectId! });
    }
    const { result, exceptionDetails } = await post<{
      result: RemoteObject;
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.callFunctionOn', {
      functionDeclaration: `function (maps, sets, arrays = []) { ${body} }`,
      objectId: found[0]!.objectId,
      arguments: found.map((f) => ({ objectId: f.objectId })),
      returnByValue: true,
      objectGroup: 'census',
    });
    await session.post('Runtime.releaseObjectGroup', { objectGroup: 'census' });
    if (exceptionDetails)
      throw new Error(`census failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  };
  const sizes = `const size = (c) => { try { return c instanceof Map || c instanceof Set ? c.size : Array.isArray(c) ? c.length : -1; } catch { return -1; } };`;
  await census(`${sizes}
    const marks = new WeakMap();
    for (const list of [maps, sets, arrays]) for (const c of list) marks.set(c, size(c));
    globalThis[Symbol.for('switchboard.census')] = marks;`);
  return {
    async grown(minimum: number): Promise<GrownCollection[]> {
      return (await census(`${sizes}
        const marks = globalThis[Symbol.for('switchboard.census')];
        const text = (v) => { try { return typeof v === 'object' && v !== null ? (v.constructor?.name ?? 'Object') + ' ' + JSON.stringify(v).slice(0, 160) : String(v).slice(0, 80); } catch { return typeof v; } };
        const out = [];
        for (const [kind, list] of [['Map', maps], ['Set', sets], ['Array', arrays]]) {
          for (const c of list) {
            if (c === maps || c === sets || c === arrays) continue;
            if (!marks.has(c)) continue;
            const before = marks.get(c), after = size(c);
            if (after < 0) continue;
            if (after - before < ${Number(minimum)}) continue;
            const first = kind === 'Map' ? [...c.entries()][0] : kind === 'Set' ? [...c][0] : c[0];
            out.push({ kind, before, after, sample: text(first) });
          }
        }
        return out.sort((a, b) => b.after - b.before - (a.after - a.before));`)) as GrownCollection[];
    },
    close(): void {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('switchboard.census')];
      session.disconnect();
    },
  };
}

/**
 * Collections that grow with the agents and messages a run has had, on purpose, and are bounded elsewhere: the
 * recordings' byte counts per agent and per segment file (recording-repository.ts: they mirror the files on disk and
 * go with them, under the recording bounds), and the dedupe window's copies by recipient and content (recent-copies.ts:
 * dropped past twice the window; its queue array is cut once 1,024 are dropped).
 */
export function keptOnPurpose(c: GrownCollection): boolean {
  const recordingBytes = /^Array \["agent-[\w-]+(\/[\w-]+\.jsonl\.gz)?",\d+\]$/;
  const recentCopy = /^(Array \["|Object \{"key":")[\w-]+\\u0000[0-9a-f]{64}"/;
  if (c.kind === 'Map') return recordingBytes.test(c.sample) || recentCopy.test(c.sample);
  return c.kind === 'Array' && c.after < 2048 && recentCopy.test(c.sample);
}
