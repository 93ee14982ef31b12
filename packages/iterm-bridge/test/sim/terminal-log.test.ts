// What a pane prints must not reach the host's own output: xterm.js logs a "Parsing error" with its parser's
// state for each byte it cannot place (a DEL in text), ~770 bytes of stderr a byte (session 26).
import { describe, expect, it, vi } from 'vitest';
import { newWindow, sub } from './helpers';
import { simClient } from './pane-output';

const sim = simClient();

describe("a pane's output and the host's log", () => {
  it('10,000 DEL bytes from a pane write nothing to the console', async () => {
    const { sessionId } = await newWindow(sim.client);
    const logged = ['error', 'warn', 'info', 'log', 'debug'].map((level) =>
      vi.spyOn(console, level as 'error').mockImplementation(() => undefined),
    );
    try {
      sub(
        await sim.client.request({
          case: 'injectRequest',
          value: { sessionId: [sessionId], data: new Uint8Array(10_000).fill(0x7f) },
        }),
        'injectResponse',
      );
      // Before: 10,000 calls of console.error (7.7 MB of stderr; 1 MB of DEL: 770 MB and ~26 s).
      expect(logged.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0, 0, 0]);
    } finally {
      for (const spy of logged) spy.mockRestore();
    }
  });
});
