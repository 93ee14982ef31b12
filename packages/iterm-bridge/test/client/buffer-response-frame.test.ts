import { create, equals, fromBinary, isFieldSet, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { bufferAnswer } from '../../src/client/buffer-response-frame';
import { decodeServerFrame } from '../../src/client/messages';
import {
  GetBufferResponseSchema,
  type GetBufferResponse_Status,
  LineContents_Continuation,
  LineContentsSchema,
  ServerOriginatedMessageSchema,
  type GetBufferResponse,
  type ServerOriginatedMessage,
} from '../../src/gen/api_pb';

type ResponseInit = Parameters<typeof create<typeof GetBufferResponseSchema>>[1];

const frameOf = (response: ResponseInit, id: bigint | null = 41n) =>
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      ...(id === null ? {} : { id }),
      submessage: { case: 'getBufferResponse', value: response! },
    }),
  );

/** The message the reflective decoder finds in a frame that answers a request (one with an id). */
function general(bytes: Uint8Array): ServerOriginatedMessage | undefined {
  let message: ServerOriginatedMessage;
  try {
    message = fromBinary(ServerOriginatedMessageSchema, bytes);
  } catch {
    return undefined;
  }
  return isFieldSet(message, ServerOriginatedMessageSchema.field.id) ? message : undefined;
}

const line = (text: string, soft = false) => ({
  text,
  codePointsPerCell: [{ numCodePoints: 1, repeats: text.length }],
  continuation: soft ? LineContents_Continuation.SOFT_EOL : LineContents_Continuation.HARD_EOL,
});
/** A 25-line screen as iTerm2 answers a read of the screen alone. */
const screen = (first = 975n, lines = 25): ResponseInit => ({
  status: 0,
  contents: Array.from({ length: lines }, (_, i) => line(`building module ${i * 7919}`, i === 3)),
  cursor: { x: 2, y: first + BigInt(lines - 1) },
  windowedCoordRange: { coordRange: { start: { x: 0, y: first }, end: { x: 0, y: first + BigInt(lines) } } },
  numLinesAboveScreen: first,
});

describe('screen-read answers read without the general decoder', () => {
  it.each<[string, ResponseInit, bigint?]>([
    ['a 25-line screen', screen()],
    ['a screen deep in a long history, a large id', screen(2n ** 40n), 2n ** 50n],
    ['id 0', screen(), 0n],
    ['a negative id and coordinates', { cursor: { x: -3, y: -5n }, contents: [line('x')] }, -7n],
    ['lines without code points or continuation', { contents: [{ text: 'a' }, { text: '' }, {}] }],
    ['wide and combined characters', { contents: [line('日本語 é✓ \uFEFFbom', true)] }],
    [
      'a leading byte-order mark, a replacement character sent as text',
      { contents: [line('\uFEFFleading'), line('a \uFFFD b'), line('\uFFFD')] },
    ],
    ['no lines at all', { status: 0 }],
    ['a status that is not OK', { status: 1 }],
    [
      'the deprecated range and the columns',
      { range: { location: 3n, length: 9n }, windowedCoordRange: { columns: { location: 1n, length: 80n } } },
    ],
    ['an empty message', {}],
  ])('%s: the same message as the general decoder', (_, response, id = 41n) => {
    const bytes = frameOf(response, id);
    const fast = bufferAnswer(bytes);
    const slow = general(bytes)!;
    expect(fast).toBeDefined();
    expect(fast!.id).toBe(id);
    expect(equals(ServerOriginatedMessageSchema, fast!.message, slow)).toBe(true);
    expect(fast!.message).toEqual(slow);
    // Presence as protobuf reads it: what the frame left out is a default from the prototype, not a field set.
    const [a, b] = [fast!.message, slow].map((m) => m.submessage.value as GetBufferResponse);
    for (const field of GetBufferResponseSchema.fields)
      expect(isFieldSet(a!, field)).toBe(isFieldSet(b!, field));
    for (const [i, lineB] of b!.contents.entries())
      for (const field of LineContentsSchema.fields)
        expect(isFieldSet(a!.contents[i]!, field)).toBe(isFieldSet(lineB, field));
  });

  it("the client's decoder answers a screen read with that message, anything else as before", () => {
    const bytes = frameOf(screen(), 9n);
    const decoded = decodeServerFrame(bytes);
    expect(decoded.kind).toBe('response');
    expect(decoded.kind === 'response' && decoded.id).toBe(9n);
    expect(
      equals(
        ServerOriginatedMessageSchema,
        (decoded as { message: ServerOriginatedMessage }).message,
        general(bytes)!,
      ),
    ).toBe(true);
    const styled = frameOf({ contents: [{ text: 'a', style: [{ repeats: 1 }] }] });
    expect(decodeServerFrame(styled)).toMatchObject({ kind: 'response', id: 41n, message: general(styled) });
    expect(decodeServerFrame(Uint8Array.from([0x08, 0x01, 0xa2, 0x06, 0x05])).kind).toBe('garbage');
  });

  it.each<[string, Uint8Array]>([
    ['a read with styles', frameOf({ contents: [{ text: 'a', style: [{ repeats: 1 }] }] })],
    ['an answer without an id', frameOf(screen(), null)],
    [
      'a continuation the schema does not know',
      frameOf({ contents: [{ text: 'a', continuation: 7 as LineContents_Continuation }] }),
    ],
    ['a status the schema does not know', frameOf({ status: 9 as GetBufferResponse_Status })],
    [
      'a line that is not UTF-8',
      Uint8Array.from([0x08, 0x01, 0xa2, 0x06, 0x06, 0x1a, 0x04, 0x0a, 0x02, 0xff, 0xfe]),
    ],
    // Bytes Buffer's decoding would turn into U+FFFD: an encoded surrogate, an overlong NUL, a sequence cut short.
    ...[
      [0xed, 0xa0, 0x80],
      [0xc0, 0x80],
      [0x41, 0xe2, 0x82],
    ].map((text): [string, Uint8Array] => [
      `a line of bytes ${text.map((b) => b.toString(16)).join(' ')}`,
      Uint8Array.from([
        0x08,
        0x01,
        0xa2,
        0x06,
        text.length + 4,
        0x1a,
        text.length + 2,
        0x0a,
        text.length,
        ...text,
      ]),
    ]),
    ['a field this reader does not know', Uint8Array.from([...frameOf(screen()).subarray(0, 2), 0x18, 0x01])],
    ['a frame cut short', frameOf(screen()).subarray(0, 200)],
    ['a frame with a byte more', Uint8Array.from([...frameOf(screen()), 0x00])],
    [
      'another answer',
      toBinary(
        ServerOriginatedMessageSchema,
        create(ServerOriginatedMessageSchema, {
          id: 3n,
          submessage: { case: 'getPromptResponse', value: { status: 0 } },
        }),
      ),
    ],
  ])('%s goes to the general decoder', (_, bytes) => {
    expect(bufferAnswer(bytes)).toBeUndefined();
  });

  it('on frames mangled at random, whenever it reads an answer the general decoder reads exactly that', () => {
    let seed = 16;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const original = frameOf(screen(975n, 3));
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = Uint8Array.from(original);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const fast = bufferAnswer(bytes);
      if (fast === undefined) continue;
      read++;
      const slow = general(bytes);
      expect(slow && equals(ServerOriginatedMessageSchema, slow, fast.message)).toBe(true);
      expect(slow?.id).toBe(fast.id);
    }
    expect(read).toBeGreaterThan(1000); // most flipped text bytes still make a valid answer
  });
});
