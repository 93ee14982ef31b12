import { describe, expect, it } from 'vitest';
import { KeyForwarder } from '../../src/mirror/key-forwarder';

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('KeyForwarder', () => {
  it('sends one batch at a time, in order, batching keys typed meanwhile', async () => {
    const sent: string[] = [];
    const gates: ReturnType<typeof gate>[] = [];
    const keys = new KeyForwarder((text) => {
      sent.push(text);
      const g = gate();
      gates.push(g);
      return g.promise;
    });
    keys.type('l');
    keys.type('s');
    keys.type('\r');
    expect(sent).toEqual(['l']);
    gates[0]!.open();
    await Promise.resolve();
    await Promise.resolve();
    expect(sent).toEqual(['l', 's\r']);
    gates[1]!.open();
    await new Promise((r) => setTimeout(r, 0));
    expect(keys.idle).toBe(true);
  });

  it('reports a failed send and carries on with what follows', async () => {
    const errors: unknown[] = [];
    const sent: string[] = [];
    const keys = new KeyForwarder(
      async (text) => {
        sent.push(text);
        if (text === 'a') throw new Error('locked');
      },
      (error) => errors.push(error),
    );
    keys.type('a');
    keys.type('b');
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['a', 'b']);
    expect(errors).toHaveLength(1);
  });
});
