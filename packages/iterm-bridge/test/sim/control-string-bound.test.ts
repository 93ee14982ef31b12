import { describe, expect, it } from 'vitest';
import { ControlStringBound } from '../../src/sim/control-string-bound';

const enc = (text: string) => new TextEncoder().encode(text);

/**
 * What the terminal is handed for `input` split in two at every place: as text, and as the UTF-8 bytes of an inject
 * split at every byte (ParseQueue decodes those as a stream, a sequence split between writes kept for the next).
 */
function through(max: number, input: string): string[] {
  const outs = new Set<string>();
  for (let at = 0; at <= input.length; at++) {
    const text = new ControlStringBound(max);
    outs.add(text.text(input.slice(0, at)) + text.text(input.slice(at)));
  }
  const all = enc(input);
  for (let cut = 0; cut <= all.length; cut++) {
    const bytes = new ControlStringBound(max);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const write = (part: Uint8Array) => bytes.text(decoder.decode(part, { stream: true }));
    outs.add(write(all.subarray(0, cut)) + write(all.subarray(cut)));
  }
  return [...outs];
}

describe('ControlStringBound (OSC and DCS strings past the bound are cut before xterm.js gathers them)', () => {
  it('passes output without a long OSC untouched, the same object', () => {
    const bound = new ControlStringBound(16);
    const text = 'plain text\r\n\x1b[1mbold\x1b[0m \x1b]0;title\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\';
    expect(bound.text(text)).toBe(text);
    expect(through(16, text)).toEqual([text]);
  });

  it('cuts a payload (its number counted) at the bound with a CAN and drops the rest up to its BEL', () => {
    expect(through(4, 'a\x1b]0;abcdefgh\x07b')).toEqual(['a\x1b]0;ab\x18b']);
    // Exactly at the bound passes.
    expect(through(5, 'a\x1b]0;abc\x07b')).toEqual(['a\x1b]0;abc\x07b']);
  });

  it('lets the terminator through when it is not a BEL: ST, CAN, SUB, a C1 control, a new OSC', () => {
    expect(through(4, '\x1b]0;abcdefgh\x1b\\after')).toEqual(['\x1b]0;ab\x18\x1b\\after']);
    expect(through(4, '\x1b]0;abcdefgh\x18after')).toEqual(['\x1b]0;ab\x18\x18after']);
    expect(through(4, '\x1b]0;abcdefgh\x1aafter')).toEqual(['\x1b]0;ab\x18\x1aafter']);
    expect(through(4, '\x1b]0;abcdefgh\x9cafter')).toEqual(['\x1b]0;ab\x18\x9cafter']);
    expect(through(4, '\x1b]0;abcdefgh\x1b]2;ok\x07')).toEqual(['\x1b]0;ab\x18\x1b]2;ok\x07']);
    expect(through(4, '\x9d0;abcdefgh\x9d2;ok\x07')).toEqual(['\x9d0;ab\x18\x9d2;ok\x07']);
  });

  it('counts each OSC on its own, however the output is split (C1 controls split between byte writes too)', () => {
    const many = '\x1b]0;abc\x07'.repeat(50);
    expect(through(5, many)).toEqual([many]);
    expect(through(4, '\x1b]0;abcdefgh\x9cA')).toEqual(['\x1b]0;ab\x18\x9cA']);
  });

  it("cuts a DCS the same way; a BEL is a DCS's data, not its end", () => {
    expect(through(4, 'a\x1bP$qabc\x07defg\x1b\\b')).toEqual(['a\x1bP$qab\x18\x1b\\b']);
    expect(through(4, '\x90$qabcdefg\x9cb')).toEqual(['\x90$qab\x18\x9cb']);
    expect(through(8, '\x1bP$qm\x1b\\')).toEqual(['\x1bP$qm\x1b\\']);
    // An APC (xterm.js gathers none) passes whatever its length.
    const apc = `\x1b_${'z'.repeat(40)}\x1b\\`;
    expect(through(4, apc)).toEqual([apc]);
  });

  it('keeps a payload open across writes: a megabyte a write, never ended, reaches the terminal as its first bytes only', () => {
    const bound = new ControlStringBound(64 * 1024);
    let handed = bound.text('\x1b]0;').length;
    for (let i = 0; i < 10; i++) handed += bound.text('x'.repeat(1_000_000)).length;
    expect(handed).toBe('\x1b]'.length + 64 * 1024 + '\x18'.length);
  });
});
