import { create, toBinary } from '@bufbuild/protobuf';
import { allocatedBytes } from '@switchboard/core/testing';
import { describe, expect, it } from 'vitest';
import { bufferLinesAnswer } from '../../src/client/buffer-lines-frame';
import { bufferAnswer } from '../../src/client/buffer-response-frame';
import { LineContents_Continuation, ServerOriginatedMessageSchema } from '../../src/gen/api_pb';

/**
 * A recording pane's read: ~80 lines above a 12-row screen (narrow panes printing fast), as the embedded server
 * and iTerm2 answer it (the client's Uint8Array view of the socket's bytes; each line ASCII, one run of cells).
 */
const LINES = 93;
const frame = new Uint8Array(
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      id: 7n,
      submessage: {
        case: 'getBufferResponse',
        value: {
          status: 0,
          contents: Array.from({ length: LINES }, (_, i) => ({
            text: `agent 12 line ${i * 7919} building module src/some/path/file-${i}.ts ok`,
            codePointsPerCell: [{ numCodePoints: 1, repeats: 60 }],
            continuation: i % 3 ? LineContents_Continuation.SOFT_EOL : LineContents_Continuation.HARD_EOL,
          })),
          cursor: { x: 2, y: 1000n },
          windowedCoordRange: { coordRange: { start: { x: 0, y: 900n }, end: { x: 0, y: 993n } } },
          numLinesAboveScreen: 900n,
        },
      },
    }),
  ),
);

/** The bytes V8 allocates (freed or not) per decoded line over `frames` decodes, by its allocation sampler. */
async function bytesPerLine(
  frames: number,
  decode: (bytes: Uint8Array) => unknown = bufferAnswer,
): Promise<number> {
  const bytes = await allocatedBytes(() => {
    for (let i = 0; i < frames; i++) decode(frame);
  });
  return bytes / frames / LINES;
}

describe('a screen read with the lines above the screen', () => {
  it('allocates little beyond the lines themselves', async () => {
    // ~400 bytes a line optimized: the text (~60 characters), the line, its run and their arrays. Before: ~630 (a
    // view of the bytes per string ~100, a 17-slot array per run ~150, a property store grown per line ~40).
    // Unoptimized code allocates more (~1,500: iterators, no escape analysis), and a loaded machine may not have
    // optimized it yet: the least of a few tries, warmed up before each (the code before: 580-630). V8 optimizes on
    // a helper thread, which a loaded CI box starves: up to ten tries, 100 ms apart (a quiet machine needs one).
    const tries: number[] = [];
    for (let attempt = 0; attempt < 10 && !(Math.min(...tries) < 490); attempt++) {
      for (let i = 0; i < 1_000; i++) bufferAnswer(frame);
      await new Promise((resolve) => setTimeout(resolve, 100)); // an optimized version compiled meanwhile is installed
      tries.push(await bytesPerLine(1_000));
    }
    expect(Math.min(...tries), `bytes a line, each try: ${tries.join(', ')}`).toBeLessThan(490);
  });

  it('read straight into its lines, allocates the texts and little more', async () => {
    // ~136 bytes a line optimized: the text (~60 characters, a one-byte string) and a slot in each of two arrays;
    // the message per line and run of cells (~400 in all, the test above) is not made. Tries as above.
    const tries: number[] = [];
    for (let attempt = 0; attempt < 10 && !(Math.min(...tries) < 200); attempt++) {
      for (let i = 0; i < 1_000; i++) bufferLinesAnswer(frame);
      await new Promise((resolve) => setTimeout(resolve, 100));
      tries.push(await bytesPerLine(1_000, bufferLinesAnswer));
    }
    expect(Math.min(...tries), `bytes a line, each try: ${tries.join(', ')}`).toBeLessThan(200);
  });
});
