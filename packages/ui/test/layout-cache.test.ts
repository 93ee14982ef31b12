import { describe, expect, it } from 'vitest';
import { readCachedLayout, writeCachedLayout } from '../src/graph/layout-cache';
import type { FleetLayout } from '../src/graph/fleet-layout';

function memoryStorage(limit = Infinity) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (v.length > limit) throw new Error('QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => void items.delete(k),
  };
}

const layout = (n: number): FleetLayout => ({
  boxes: Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `agent:${i}`,
      { x: i, y: 0, absoluteX: i, absoluteY: 0, width: 232, height: 96, parent: null },
    ]),
  ),
  width: 100 * n,
  height: 96,
});

describe('the fleet layout kept between page loads', () => {
  it('gives back the layout only for the same fleet structure', () => {
    const storage = memoryStorage();
    writeCachedLayout(storage, 'teams#a|b', layout(2));
    expect(readCachedLayout(storage, 'teams#a|b')).toEqual(layout(2));
    expect(readCachedLayout(storage, 'teams#a|b|c')).toBeUndefined();
    writeCachedLayout(storage, 'teams#a|b|c', layout(3));
    expect(readCachedLayout(storage, 'teams#a|b')).toBeUndefined();
    expect(readCachedLayout(storage, 'teams#a|b|c')).toEqual(layout(3));
  });

  it('ignores a corrupt or foreign entry, a full storage and no storage at all', () => {
    const storage = memoryStorage();
    storage.setItem('switchboard.fleetLayout', '{not json');
    expect(readCachedLayout(storage, 'k')).toBeUndefined();
    storage.setItem('switchboard.fleetLayout', JSON.stringify({ key: 'k', layout: { boxes: 'x' } }));
    expect(readCachedLayout(storage, 'k')).toBeUndefined();
    const small = memoryStorage(10);
    expect(() => writeCachedLayout(small, 'k', layout(1))).not.toThrow();
    expect(readCachedLayout(small, 'k')).toBeUndefined();
    expect(readCachedLayout(undefined, 'k')).toBeUndefined();
    expect(() => writeCachedLayout(undefined, 'k', layout(1))).not.toThrow();
  });

  it('keeps no layout too large to be worth it, and drops the older one', () => {
    const storage = memoryStorage();
    writeCachedLayout(storage, 'small', layout(2));
    writeCachedLayout(storage, 'huge', layout(10_000));
    expect(storage.items.size).toBe(0);
    expect(readCachedLayout(storage, 'huge')).toBeUndefined();
  });
});
