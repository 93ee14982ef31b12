import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ControlParser, decodeOutput, encodeOutput } from '../src/control-parser';
import type { ControlNotification, ControlReply } from '../src/control-parser';

/** A stream tmux 3.3a really wrote for: attach, `new-window -P`, `send-keys`, an unknown command (recorded). */
const RECORDED =
  [
    '%begin 1796464747 259 0',
    '%end 1796464747 259 0',
    '%window-add @0',
    '%sessions-changed',
    '%session-changed $0 sb',
    '%begin 1796464747 265 1',
    '%1 @1',
    '%end 1796464747 265 1',
    '%window-add @1',
    '%begin 1796464748 268 1',
    '%end 1796464748 268 1',
    '%output %1 echo hi\\015\\012',
    '%begin 1796464749 270 1',
    'parse error: unknown command: bogus-cmd',
    '%error 1796464749 270 1',
    '%exit',
  ].join('\n') + '\n';

function parseAll(chunks: string[]) {
  const replies: ControlReply[] = [];
  const notifications: ControlNotification[] = [];
  const parser = new ControlParser({
    onReply: (r) => replies.push(r),
    onNotification: (n) => notifications.push(n),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { replies, notifications };
}

/** Cuts `text` at the given positions (sorted, deduplicated, inside the text). */
const cut = (text: string, at: number[]) => {
  const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...points].map((start, i) => text.slice(start, points[i] ?? text.length));
};

describe('tmux control-mode parser', () => {
  it('reads a recorded tmux stream: replies in order, notifications between them', () => {
    const { replies, notifications } = parseAll([RECORDED]);
    expect(replies.map((r) => [r.number, r.fromClient, r.ok, r.lines])).toEqual([
      [259, false, true, []],
      [265, true, true, ['%1 @1']],
      [268, true, true, []],
      [270, true, false, ['parse error: unknown command: bogus-cmd']],
    ]);
    expect(notifications.map((n) => n.name)).toEqual([
      'window-add',
      'sessions-changed',
      'session-changed',
      'window-add',
      'output',
      'exit',
    ]);
    expect(Buffer.from(decodeOutput(notifications[4]!.rest.slice(3))).toString()).toBe('echo hi\r\n');
  });

  it('gives the same result however the stream is chunked', () => {
    const whole = parseAll([RECORDED]);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (points) => {
        expect(parseAll(cut(RECORDED, points))).toEqual(whole);
      }),
    );
  });

  it('ends a block only at its own %end, so reply lines that look like control lines stay data', () => {
    const stream = '%begin 5 7 1\n%end 5 8 1\n%output %1 x\n%end 5 7 1\n';
    const { replies, notifications } = parseAll([stream]);
    expect(replies).toEqual([
      { number: 7, fromClient: true, ok: true, lines: ['%end 5 8 1', '%output %1 x'] },
    ]);
    expect(notifications).toEqual([]);
  });

  it('round-trips any bytes through %output escaping, also split mid-character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const escaped = encodeOutput(bytes);
        expect([...escaped].every((c) => c.charCodeAt(0) >= 32)).toBe(true);
        expect(decodeOutput(escaped)).toEqual(bytes);
      }),
    );
    const snowman = Buffer.from('☃', 'utf8');
    const first = decodeOutput(encodeOutput(snowman.subarray(0, 1)));
    const rest = decodeOutput(encodeOutput(snowman.subarray(1)));
    expect(Buffer.concat([first, rest]).toString('utf8')).toBe('☃');
  });
});
