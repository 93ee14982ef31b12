import { expect, it } from 'vitest';
import { liveCollections } from '../../src/testing/live-collections';

const keptMap = new Map<string, number>();
const keptSet = new Set<string>();
const keptArray: string[] = [];
// One heap walk for every kind (split by kind in the page): each kind is still found, and `arrays: false` leaves arrays out.
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
  const noArrays = await liveCollections({ arrays: false });
  for (let i = 40; i < 80; i++) {
    keptMap.set(`k${i}`, i);
    keptArray.push(`a${i}`);
  }
  expect((await noArrays.grown(30)).map((g) => g.kind)).toEqual(['Map']);
  noArrays.close();
}, 120_000);
