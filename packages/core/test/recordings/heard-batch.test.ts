import { describe, expect, it } from 'vitest';
import { HeardBatch } from '../../src/recordings/heard-batch';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('screens heard, taken in a batch', () => {
  it('are taken together after the turn they were heard in, in the order heard, each once', async () => {
    const taken: string[] = [];
    const batch = new HeardBatch(() => {});
    for (const screen of ['a1', 'b1', 'a2']) batch.add(screen[0]!, () => taken.push(screen));
    expect(taken).toEqual([]);
    await turn();
    expect(taken).toEqual(['a1', 'b1', 'a2']);
    batch.add('c', () => taken.push('c1'));
    await turn();
    await turn();
    expect(taken).toEqual(['a1', 'b1', 'a2', 'c1']);
  });

  it('are taken at once when a reader needs them, and not again after the turn', async () => {
    const taken: string[] = [];
    const batch = new HeardBatch(() => {});
    batch.add('a', () => taken.push('a1'));
    batch.take();
    expect(taken).toEqual(['a1']);
    await turn();
    expect(taken).toEqual(['a1']);
  });

  it('report a screen whose taking threw under its agent, and take the others behind it', async () => {
    const taken: string[] = [];
    const failed: [string, string][] = [];
    const batch = new HeardBatch((error, agentId) => failed.push([agentId, (error as Error).message]));
    batch.add('a', () => {
      throw new Error('redaction broke');
    });
    batch.add('b', () => taken.push('b1'));
    await turn();
    expect(failed).toEqual([['a', 'redaction broke']]);
    expect(taken).toEqual(['b1']);
  });
});
