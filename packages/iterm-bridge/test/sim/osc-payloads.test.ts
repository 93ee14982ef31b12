// A pane's output is whatever its program prints: an OSC payload megabytes long, ended or never, must not grow
// the host (session 26). xterm.js gathers one for each handler of its number a character at a time (~32 bytes
// of heap a character) up to 10,000,000 characters; the embedded server now cuts it at MAX_CONTROL_STRING_LENGTH.
import { describe, expect, it } from 'vitest';
import { MAX_CONTROL_STRING_LENGTH } from '../../src/sim/control-string-bound';
import { newWindow, sub } from './helpers';
import { heapAfterGc as heap, inject as injectInto, MB, screenLines, simClient } from './pane-output';
import { eventually } from './raw-client';

const sim = simClient();
const inject = (session: string, text: string) => injectInto(sim.client, session, text);
const title = async (session: string) => {
  const list = sub(
    await sim.client.request({ case: 'listSessionsRequest', value: {} }),
    'listSessionsResponse',
  );
  const summary = list.windows
    .flatMap((w) => w.tabs)
    .flatMap((t) => t.root?.links ?? [])
    .flatMap((l) => (l.child.case === 'session' ? [l.child.value] : []))
    .find((s) => s.uniqueIdentifier === session);
  return summary?.title;
};
const screen = async (session: string) => (await screenLines(sim.client, session)).join('\n');

describe("OSC payloads from a pane's output", () => {
  it('an OSC 0 of 4 MB left open holds no memory for it, and is not a title when it ends', async () => {
    const { sessionId } = await newWindow(sim.client);
    await inject(sessionId, '\x1b]0;short title\x07');
    expect(await title(sessionId)).toBe('short title');
    const before = heap();
    await inject(sessionId, `\x1b]0;${'x'.repeat(4 * MB)}`);
    // Before: +256 MB here (two handlers of OSC 0, xterm.js' and the server's, each gathering a 32-byte-a-character rope).
    expect(heap() - before).toBeLessThan(32 * MB);
    await inject(sessionId, '\x07after it\r\n');
    expect(await title(sessionId)).toBe('short title');
    expect(await screen(sessionId)).toContain('after it');
  });

  it('a title at the bound is kept whole; an OSC 1337 past it is ignored, the next one read', async () => {
    const { sessionId } = await newWindow(sim.client);
    const long = 'y'.repeat(MAX_CONTROL_STRING_LENGTH - 2);
    await inject(sessionId, `\x1b]2;${long}\x07`);
    expect(await title(sessionId)).toBe(long);
    const before = heap();
    await inject(
      sessionId,
      `\x1b]1337;SetUserVar=big=${'QUFB'.repeat(MB)}\x07\x1b]1337;SetUserVar=ok=b2s=\x07`,
    );
    expect(heap() - before).toBeLessThan(32 * MB);
    const read = sub(
      await sim.client.request({
        case: 'variableRequest',
        value: { scope: { case: 'sessionId', value: sessionId }, get: ['user.big', 'user.ok'] },
      }),
      'variableResponse',
    );
    expect(read.values).toEqual(['null', '"ok"']);
  });

  it('a DECRQSS (DCS $ q) of 4 MB left open holds no memory for it; the query after it is answered', async () => {
    const { sessionId } = await newWindow(sim.client);
    const before = heap();
    await inject(sessionId, `\x1bP$q${'m'.repeat(4 * MB)}`);
    // Before: +256 MB (xterm.js' DECRQSS handler gathering a 32-byte-a-character rope).
    expect(heap() - before).toBeLessThan(32 * MB);
    await inject(sessionId, '\x1b\\\x1bP$qm\x1b\\done\r\n');
    expect(await screen(sessionId)).toContain('done');
  });

  it('OSC 8 hyperlinks cost nothing a linked cell (40,000 of them, 1 MB of output); their text prints', async () => {
    const { sessionId } = await newWindow(sim.client);
    const before = heap();
    const links = (from: number) =>
      Array.from({ length: 5_000 }, (_, i) => `\x1b]8;id=${from + i};h${from + i}\x07L\x1b]8;;\x07`).join('');
    for (let from = 0; from < 40_000; from += 5_000) await inject(sessionId, links(from));
    // Before: +100 MB (xterm.js' link service: an entry and a marker a linked cell, ~2.5 KB) and seconds of the
    // event loop (300,000 links: 95 s), bounded only by the cells the terminal holds.
    expect(heap() - before).toBeLessThan(32 * MB);
    await inject(sessionId, '\r\n\x1b]8;;https://example.com\x07a link\x1b]8;;\x07\r\n');
    expect(await screen(sessionId)).toContain('a link');
  });

  it("titles at the bound in 8 panes cost what they hold, not xterm.js' gathered copy too", async () => {
    const panes = [];
    for (let i = 0; i < 8; i++) panes.push((await newWindow(sim.client)).sessionId);
    const before = heap();
    for (const [i, pane] of panes.entries())
      await inject(pane, `\x1b]0;${String(i).repeat(MAX_CONTROL_STRING_LENGTH - 2)}\x07`);
    // Before: +17 MB (xterm.js kept its own title, the rope it gathered, ~2.1 MB a pane); now ~0.2 MB a pane.
    expect(heap() - before).toBeLessThan(6 * MB);
    expect(await title(panes[7]!)).toBe('7'.repeat(MAX_CONTROL_STRING_LENGTH - 2));
  });

  it("a real program's 3 MB title (the pty's text, not bytes) is cut the same way, and what follows prints", async () => {
    const { sessionId } = await newWindow(sim.client);
    await inject(sessionId, '\x1b]0;before\x07');
    const before = heap();
    await sim.client.request({
      case: 'sendTextRequest',
      value: {
        session: sessionId,
        text: "printf '\\033]0;'; head -c 3000000 /dev/zero | tr '\\0' x; printf '\\007'; echo DONE-$((6*7))\r",
      },
    });
    await eventually(async () => (await screen(sessionId)).includes('DONE-42'), 20_000);
    expect(heap() - before).toBeLessThan(32 * MB);
    expect(await title(sessionId)).toBe('before');
  });
});
