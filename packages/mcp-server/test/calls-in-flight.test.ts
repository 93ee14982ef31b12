// The calls a connection answers itself, by JSON-RPC id: a client reusing an id for calls in flight (MCP says it must
// not) has every one of them ended by a cancel of that id or the connection's close, and an answered one is let go.
import { describe, expect, it } from 'vitest';
import { CallsInFlight } from '../src/calls-in-flight';

const unreported = () => undefined;
const cancel = (requestId: string | number) => ({
  jsonrpc: '2.0',
  method: 'notifications/cancelled',
  params: { requestId },
});

describe('CallsInFlight', () => {
  it('a cancel of a reused id aborts every call under it, and no other', () => {
    const calls = new CallsInFlight(unreported);
    const [first, second, third] = [calls.start('x'), calls.start('x'), calls.start('x')];
    const other = calls.start(7);
    calls.cancel(cancel('x'));
    expect([first.aborted, second.aborted, third.aborted, other.aborted]).toEqual([true, true, true, false]);
  });

  it('a call answered under a reused id, newest or hidden, is let go; the others still end on close', () => {
    const calls = new CallsInFlight(unreported);
    const [first, second, third, fourth] = ['x', 'x', 'x', 'x'].map((id) => calls.start(id));
    calls.end('x', second!);
    calls.end('x', fourth!);
    calls.abortAll();
    expect([first, second, third, fourth].map((s) => s!.aborted)).toEqual([true, false, true, false]);
  });

  it('the id is free again once its calls are answered: a later cancel of it aborts nothing', () => {
    const calls = new CallsInFlight(unreported);
    const [first, second] = [calls.start(1), calls.start(1)];
    calls.end(1, first);
    calls.end(1, second);
    const later = calls.start(2);
    calls.cancel(cancel(1));
    calls.abortAll();
    expect([first.aborted, second.aborted, later.aborted]).toEqual([false, false, true]);
  });

  // An abort listener's throw stopped the call's other listeners and left `abortAll` (a socket's 'close' handler:
  // an uncaught exception), so the connection's other calls were never ended.
  it("an abort listener that throws is reported once; the call's other listeners and the other calls still end", () => {
    const failures: unknown[] = [];
    const calls = new CallsInFlight((error) => failures.push(error));
    const [first, second] = [calls.start(1), calls.start(2)];
    const ended: string[] = [];
    first.addEventListener('abort', () => {
      throw new Error('a wait could not leave');
    });
    first.addEventListener('abort', () => ended.push('first'));
    second.addEventListener('abort', () => ended.push('second'));
    calls.abortAll();
    expect(ended).toEqual(['first', 'second']);
    expect(failures.map((e) => (e as Error).message)).toEqual(['a wait could not leave']);
  });

  it('a listener removed before the abort is not called', () => {
    const calls = new CallsInFlight(unreported);
    const signal = calls.start(1);
    const ended: string[] = [];
    const leave = () => ended.push('left');
    signal.addEventListener('abort', leave);
    signal.removeEventListener('abort', leave);
    calls.abortAll();
    expect(ended).toEqual([]);
  });
});
