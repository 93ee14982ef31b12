import { create, fromBinary, isFieldSet, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferLinesAnswer, bufferLinesOf } from '../../src/client/buffer-lines-frame';
import { bufferAnswer } from '../../src/client/buffer-response-frame';
import type { GetBufferResponseSchema } from '../../src/gen/api_pb';
import {
  LineContents_Continuation,
  ServerOriginatedMessageSchema,
  type GetBufferResponse,
} from '../../src/gen/api_pb';

type ResponseInit = NonNullable<Parameters<typeof create<typeof GetBufferResponseSchema>>[1]>;

const frameOf = (response: ResponseInit, id: bigint | null = 41n) =>
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      ...(id === null ? {} : { id }),
      submessage: { case: 'getBufferResponse', value: response },
    }),
  );

/** The screen read's lines as the general decoder's message gives them, for a frame that answers a getBuffer. */
function general(bytes: Uint8Array): { id: bigint; lines: ReturnType<typeof bufferLinesOf> } | undefined {
  let message;
  try {
    message = fromBinary(ServerOriginatedMessageSchema, bytes);
  } catch {
    return undefined;
  }
  if (!isFieldSet(message, ServerOriginatedMessageSchema.field.id)) return undefined;
  if (message.submessage.case !== 'getBufferResponse') return undefined;
  return { id: message.id, lines: bufferLinesOf(message.submessage.value) };
}

/** Both fast readers on one frame: they accept the same frames, and the lines read straight are the message's. */
function expectSameReading(bytes: Uint8Array): boolean {
  const lean = bufferLinesAnswer(bytes);
  const full = bufferAnswer(bytes);
  expect(lean === undefined).toBe(full === undefined);
  if (!lean) return false;
  expect(lean).toEqual(general(bytes));
  expect(lean.lines).toEqual(bufferLinesOf(full!.message.submessage.value as GetBufferResponse));
  return true;
}

const int64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n);
// Small and huge coordinates alike: real ones are small, the decoder switches to bigints past 49 bits.
const coordinate = fc.oneof(fc.bigInt(-5n, 3_000n), int64);
const int32 = fc.oneof(fc.integer({ min: -3, max: 300 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
const coord = fc.record({ x: int32, y: coordinate }, { requiredKeys: [] });
const range = fc.record({ location: coordinate, length: coordinate }, { requiredKeys: [] });
// Text as terminals hold it: ASCII, wide and combining characters, emoji, a byte-order mark, U+FFFD sent as text.
const text = fc.oneof(
  fc.string({ maxLength: 90 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\uFEFF', '\uFEFFleading', 'a \uFFFD b', '\uFFFD', '日本語 é✓', '🦀 x', 'e\u0301'),
);
const line = fc.record(
  {
    text,
    codePointsPerCell: fc.array(fc.record({ numCodePoints: int32, repeats: int32 }, { requiredKeys: [] }), {
      maxLength: 3,
    }),
    continuation: fc.constantFrom(LineContents_Continuation.HARD_EOL, LineContents_Continuation.SOFT_EOL),
  },
  { requiredKeys: [] },
);
// numLinesAboveScreen, the cursor, the range: each may be left out (real iTerm2 leaves numLinesAboveScreen out).
const response: fc.Arbitrary<ResponseInit> = fc.record(
  {
    status: fc.constantFrom(0, 1, 2, 3),
    range,
    contents: fc.array(line, { maxLength: 30 }),
    cursor: coord,
    numLinesAboveScreen: coordinate,
    windowedCoordRange: fc.record(
      { coordRange: fc.record({ start: coord, end: coord }, { requiredKeys: [] }), columns: range },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const id = fc.oneof(fc.bigInt(0n, 10_000n), int64);

describe('a screen read decoded straight into its lines', () => {
  it('gives, for any answer, what the general decoder gives', () => {
    fc.assert(
      fc.property(response, id, (answer, requestId) => {
        expect(expectSameReading(frameOf(answer, requestId))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('on answers mangled at random (bytes changed, cut, added), reads exactly what the general decoder reads', () => {
    let read = 0;
    fc.assert(
      fc.property(
        // Mostly text, as in a real read (where most changed bytes leave an answer that still parses).
        fc
          .tuple(
            response,
            fc.array(fc.string({ minLength: 20, maxLength: 60 }), { minLength: 3, maxLength: 8 }),
          )
          .map(([answer, texts]) => Object.assign({}, answer, { contents: texts.map((text) => ({ text })) })),
        fc.array(
          fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'set', 'cut', 'add')),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        (answer, edits) => {
          let bytes = Array.from(frameOf(answer, 7n));
          for (const [at, byte, edit] of edits) {
            const i = at % (bytes.length + 1);
            if (edit === 'set') bytes[Math.min(i, bytes.length - 1)] = byte;
            else if (edit === 'cut') bytes = bytes.slice(0, i);
            else bytes.splice(i, 0, byte);
          }
          if (expectSameReading(Uint8Array.from(bytes))) read++;
        },
      ),
      { numRuns: 3_000 },
    );
    expect(read).toBeGreaterThan(150); // many mangled frames are still answers: the comparison saw them
  });

  it('a huge answer: 20,000 lines, a line of a megabyte', () => {
    const many = frameOf({
      contents: Array.from({ length: 20_000 }, (_, i) => ({ text: `line ${i}`, continuation: 1 + (i % 2) })),
      cursor: { x: 1, y: 2n ** 52n + 3n },
      windowedCoordRange: { coordRange: { start: { y: 2n ** 52n } } },
    });
    expect(expectSameReading(many)).toBe(true);
    expect(bufferLinesAnswer(many)!.lines.lines).toHaveLength(20_000);
    expect(expectSameReading(frameOf({ contents: [{ text: 'é'.repeat(500_000) }] }))).toBe(true);
  });

  it('what a screen read needs from an answer as iTerm2 sends it', () => {
    const answer = bufferLinesAnswer(
      frameOf(
        {
          status: 0,
          contents: [
            { text: 'wrapped hea', codePointsPerCell: [{ numCodePoints: 1, repeats: 11 }], continuation: 2 },
            { text: 'd', continuation: 1 },
            { text: '\uFEFFa \uFFFD' },
          ],
          cursor: { x: 4, y: 1001n },
          windowedCoordRange: { coordRange: { start: { x: 0, y: 1000n }, end: { x: 0, y: 1003n } } },
        },
        9n,
      ),
    );
    expect(answer).toEqual({
      id: 9n,
      lines: {
        status: 0,
        lines: ['wrapped hea', 'd', '\uFEFFa \uFFFD'],
        wraps: [true, false, false],
        cursor: { x: 4, y: 1001 },
        firstLine: 1000,
      },
    });
    const bare = bufferLinesAnswer(frameOf({ windowedCoordRange: { coordRange: { end: { y: 3n } } } }));
    expect(bare!.lines).toEqual({ status: 0, lines: [], wraps: [], cursor: undefined, firstLine: undefined });
  });

  it.each<[string, Uint8Array]>([
    ['a read with styles', frameOf({ contents: [{ text: 'a', style: [{ repeats: 1 }] }] })],
    ['an answer without an id', frameOf({ contents: [{ text: 'a' }] }, null)],
    ['a line that is not UTF-8', Uint8Array.from([0x08, 1, 0xa2, 0x06, 6, 0x1a, 4, 0x0a, 2, 0xff, 0xfe])],
    ['an encoded surrogate', Uint8Array.from([0x08, 1, 0xa2, 0x06, 7, 0x1a, 5, 0x0a, 3, 0xed, 0xa0, 0x80])],
    ['a continuation the schema does not know', Uint8Array.from([0x08, 1, 0xa2, 0x06, 4, 0x1a, 2, 0x18, 7])],
    ['an x sent twice in the cursor', Uint8Array.from([0x08, 1, 0xa2, 0x06, 6, 0x22, 4, 0x08, 1, 0x08, 2])],
    ['a cursor sent twice', Uint8Array.from([0x08, 1, 0xa2, 0x06, 8, 0x22, 2, 0x08, 1, 0x22, 2, 0x08, 2])],
    [
      'another answer',
      toBinary(
        ServerOriginatedMessageSchema,
        create(ServerOriginatedMessageSchema, {
          id: 3n,
          submessage: { case: 'getPromptResponse', value: {} },
        }),
      ),
    ],
  ])('%s is left to the general decoder', (_, bytes) => {
    expect(bufferLinesAnswer(bytes)).toBeUndefined();
    expect(bufferAnswer(bytes)).toBeUndefined();
  });
});
