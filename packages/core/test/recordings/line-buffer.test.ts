import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LineBuffer } from '../../src/recordings/line-buffer';
import { addToRow, emptyRow, takeRow } from '../../src/recordings/open-row';

describe("the recorder's line buffers", () => {
  it('hold lines as UTF-8 bytes, each ending in a line feed, across growth and reuse', () => {
    const buffer = new LineBuffer();
    // Well past the first allocation (4 KiB), with characters of 2, 3 and 4 bytes at the growth boundaries.
    const lines = Array.from({ length: 900 }, (_, i) => `${i} é ✓ 🚀 ${'x'.repeat(i % 37)}`);
    for (const line of lines) buffer.push(line);
    const expected = lines.join('\n') + '\n';
    expect(buffer.count).toBe(900);
    expect(buffer.bytes).toBe(Buffer.byteLength(expected));
    expect(buffer.contents().toString('utf8')).toBe(expected);
    expect(buffer.text()).toBe(lines.join('\n'));
    // What a chunk file holds: gunzip gives the lines back.
    expect(gunzipSync(gzipSync(buffer.contents())).toString('utf8')).toBe(expected);

    // Cleared, the buffer is used again from the start: nothing of the earlier lines comes back.
    const earlier = buffer.contents();
    buffer.clear();
    expect([buffer.count, buffer.bytes, buffer.text()]).toEqual([0, 0, '']);
    buffer.push('{"at":1}');
    buffer.push('');
    expect(buffer.text()).toBe('{"at":1}\n');
    expect(buffer.contents().toString('utf8')).toBe('{"at":1}\n\n');
    // A line longer than twice the buffer grows it at once.
    const long = 'y'.repeat(100_000);
    buffer.push(long);
    expect(buffer.text()).toBe(`{"at":1}\n\n${long}`);
    expect(earlier.length).toBe(Buffer.byteLength(expected));
  });

  it("gather an open chunk's lines as one index row, each with its offset, and start afresh once taken", () => {
    const row = emptyRow();
    expect(takeRow('agent-1', row)).toBeUndefined();
    addToRow(row, 1_000, ['first', 'second']);
    addToRow(row, 1_250, []);
    addToRow(row, 2_500, ['third ✓']);
    expect(takeRow('agent-1', row)).toEqual({
      agentId: 'agent-1',
      at: 1_000,
      text: 'first\nsecond\nthird ✓',
      offsets: [0, 0, 1_500],
    });
    expect(takeRow('agent-1', row)).toBeUndefined();
    addToRow(row, 9_000, ['next chunk']);
    expect(takeRow('agent-1', row)).toEqual({
      agentId: 'agent-1',
      at: 9_000,
      text: 'next chunk',
      offsets: [0],
    });
  });
});
