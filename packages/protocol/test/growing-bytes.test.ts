// The buffer of bytes still arriving that the MCP socket's line reader and the iTerm2 sim's head reader share.
import { describe, expect, it } from 'vitest';
import { GrowingBytes } from '../src/growing-bytes';

const bytes = (...values: number[]) => Uint8Array.from(values);
const typed = (size: number) => new Uint8Array(size);

describe('GrowingBytes', () => {
  it('holds what was appended, in order, however it was cut (a byte at a time past several doublings)', () => {
    const pending = new GrowingBytes(typed, Number.POSITIVE_INFINITY, 4);
    const sent = Array.from({ length: 5_000 }, (_, i) => (i * 7) % 256);
    for (const value of sent) pending.append(bytes(value));
    expect(pending.size).toBe(5_000);
    expect([...pending.view()]).toEqual(sent);
    pending.append(bytes(1, 2, 3));
    expect([...pending.take()]).toEqual([...sent, 1, 2, 3]);
  });

  it('takes a view no later append overwrites, and starts empty again', () => {
    const pending = new GrowingBytes(typed);
    pending.append(bytes(1, 2, 3));
    const first = pending.take();
    expect(pending.size).toBe(0);
    expect([...pending.view()]).toEqual([]);
    pending.append(bytes(9, 9, 9, 9));
    expect([...first]).toEqual([1, 2, 3]);
    expect([...pending.take()]).toEqual([9, 9, 9, 9]);
  });

  it('a view stays what it was when a later append grows the buffer', () => {
    const pending = new GrowingBytes(typed, Number.POSITIVE_INFINITY, 2);
    pending.append(bytes(5, 6));
    const before = pending.view();
    pending.append(bytes(7, 8, 9));
    expect([...before]).toEqual([5, 6]);
    expect([...pending.view()]).toEqual([5, 6, 7, 8, 9]);
  });

  it('a chunk larger than the cap or the doubling is held whole', () => {
    const pending = new GrowingBytes(typed, 8, 2);
    const large = Uint8Array.from({ length: 100 }, (_, i) => i);
    pending.append(bytes(250));
    pending.append(large);
    expect(pending.size).toBe(101);
    expect([...pending.take()]).toEqual([250, ...large]);
  });
});
