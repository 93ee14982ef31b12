import { expect, it } from 'vitest';
import { liveCollections } from '../../src/testing/live-collections';

const keptMap = new Map<string, number>();
const keptSet = new Set<string>();
const keptArray: string[] = [];
// One heap walk for every kind (split by kind in the page): each kind is still found. One census (mark + check):
// with a second one (arrays: false) this test took 75.6 s starved like CI in a worker that had run other files.
it('finds a Map, a Set and an array that grew, with the entry each is keyed by', async () => {
  const census = await liveCollections();
  for (let i = 0; i < 40; i++) {
    keptMap.set(`k${i}`, i);
    keptSet.add(`s${i}`);
    keptArray.push(`a${i}`);
  }
  const grown = await census.grown(30);
  census.close();
  expect(grown.map((g) => `${g.kind} ${g.after - g.before} ${g.sample}`).sort()).toEqual([
    'Array 40 a0',
    'Map 40 Array ["k0",0]',
    'Set 40 s0',
  ]);
}, 120_000);
