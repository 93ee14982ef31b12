import fc from 'fast-check';
import { decodeClientMessage, encodeClientMessage } from '@switchboard/iterm-bridge/sim';
import { commandNames } from '@switchboard/protocol';
import { encodeFrame, type RawFrame } from './raw-websocket';

export const LIMIT = 1024 * 1024;
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** Bytes that are not UTF-8: a lone continuation byte, an overlong form, a surrogate, 0xff. */
const invalidUtf8 = fc
  .tuple(
    fc.string({ maxLength: 40 }),
    fc.constantFrom([0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc3]),
    fc.string({ maxLength: 40 }),
  )
  .map(([before, bad, after]) => new Uint8Array([...utf8(before), ...bad, ...utf8(after)]));

/** A call the host must refuse without running anything: a strict input with an unknown key, a null input, or an unknown command. */
const refusedCall = fc
  .tuple(
    fc.nat(),
    fc.constantFrom(...commandNames, 'no.such', ''),
    fc.oneof(
      fc.jsonValue().map((v) => ({ fuzz_unknown: v })),
      fc.constant(null),
    ),
  )
  .map(([id, name, input]) => utf8(JSON.stringify({ type: 'call', id, name, input })));

const apiPayload = fc.oneof(
  { weight: 4, arbitrary: refusedCall },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => utf8(JSON.stringify(v))) },
  { weight: 2, arbitrary: fc.string({ maxLength: 300 }).map(utf8) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 2, arbitrary: invalidUtf8 },
);

const SAFE_SIM_REQUESTS = new Set([
  undefined,
  'listSessionsRequest',
  'getBufferRequest',
  'getPromptRequest',
  'listPromptsRequest',
  'listProfilesRequest',
  'getBroadcastDomainsRequest',
]);
const simValid = fc
  .nat(1000)
  .map(BigInt)
  .chain((id) =>
    fc.constantFrom(
      encodeClientMessage({ id, submessage: { case: 'listSessionsRequest', value: {} } }),
      encodeClientMessage({
        id,
        submessage: { case: 'getBufferRequest', value: { session: 'all', lineRange: { trailingLines: 5 } } },
      }),
      encodeClientMessage({ id, submessage: { case: 'listPromptsRequest', value: {} } }),
    ),
  );
/** Only requests that read: a random frame that happens to decode into a write would change state legitimately. */
const readOnly = (bytes: Uint8Array) => SAFE_SIM_REQUESTS.has(decodeClientMessage(bytes)?.submessage.case);

const simPayload = fc
  .oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    { weight: 2, arbitrary: simValid },
    {
      weight: 2,
      arbitrary: fc
        .tuple(simValid, fc.nat({ max: 100_000 }))
        .map(([request, n]) => new Uint8Array(Buffer.concat([request, Buffer.alloc(n - (n % 9), 0x41)]))),
    },
    { weight: 1, arbitrary: fc.nat({ max: 5_000 }).map((n) => new Uint8Array(n + 1).fill(0x13)) },
    { weight: 2, arbitrary: invalidUtf8 },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => utf8(JSON.stringify(v))) },
  )
  .filter(readOnly);

const frameOf = (opcode: number, payload: Uint8Array, fin = true): RawFrame => ({
  fin,
  rsv: 0,
  opcode,
  masked: true,
  payload,
});

/** Splits a message into fragments (maybe with pings between, maybe never finished, maybe interrupted by a new message). */
const fragmented = (payload: fc.Arbitrary<Uint8Array>) =>
  fc
    .tuple(
      payload,
      fc.constantFrom(1, 2),
      fc.integer({ min: 2, max: 6 }),
      fc.boolean(),
      fc.constantFrom('finished', 'unfinished', 'interrupted'),
    )
    .map(([bytes, opcode, pieces, pings, ending]) => {
      const size = Math.ceil(bytes.length / pieces) || 1;
      const frames: RawFrame[] = [];
      for (let i = 0; i * size < Math.max(bytes.length, 1); i++) {
        frames.push(frameOf(i === 0 ? opcode : 0, bytes.subarray(i * size, (i + 1) * size), false));
        if (pings) frames.push(frameOf(9, utf8('mid')));
      }
      if (ending === 'finished') frames.push(frameOf(0, new Uint8Array(0), true));
      if (ending === 'interrupted') frames.push(frameOf(opcode, utf8('x')));
      return frames;
    });

/** Frames that break the protocol: reserved bits, unknown opcodes, unmasked, fragmented or oversized control frames, bad close payloads. */
const malformed = (payload: fc.Arbitrary<Uint8Array>) =>
  fc
    .tuple(
      payload,
      fc.constantFrom(
        'rsv',
        'opcode',
        'unmasked',
        'controlFragment',
        'controlTooBig',
        'closeOneByte',
        'closeBadCode',
        'orphanContinuation',
      ),
      fc.integer({ min: 1, max: 7 }),
      fc.constantFrom(3, 4, 5, 6, 7, 11, 12, 13, 14, 15),
    )
    .map(([bytes, kind, rsv, opcode]): RawFrame[] => {
      switch (kind) {
        case 'rsv':
          return [{ ...frameOf(1, bytes), rsv }];
        case 'opcode':
          return [frameOf(opcode, bytes)];
        case 'unmasked':
          return [{ ...frameOf(2, bytes), masked: false }];
        case 'controlFragment':
          return [frameOf(9, bytes.subarray(0, 100), false)];
        case 'controlTooBig':
          return [frameOf(9, new Uint8Array(126 + (bytes.length % 200)))];
        case 'closeOneByte':
          return [frameOf(8, new Uint8Array([3]))];
        case 'closeBadCode':
          return [frameOf(8, new Uint8Array([0x03, 0xe7]))]; // 999
        default:
          return [frameOf(0, bytes)];
      }
    });

/** A header announcing more than the limit (up to 2^53 - 1 bytes), with only a little data behind it. */
const oversizeDeclared = fc
  .tuple(
    fc.constantFrom(1, 2),
    fc.oneof(fc.integer({ min: LIMIT + 1, max: 100 * LIMIT }), fc.constant(Number.MAX_SAFE_INTEGER)),
    fc.uint8Array({ maxLength: 64 }),
  )
  .map(([opcode, declaredLength, bytes]): RawFrame[] => [{ ...frameOf(opcode, bytes), declaredLength }]);

/** A message really over the limit, whole or in fragments that only add up past it. */
const oversizeReal = fc
  .tuple(fc.constantFrom(1, 2), fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 4 }))
  .map(([opcode, extra, pieces]): RawFrame[] => {
    const total = new Uint8Array(LIMIT + extra).fill(0x41);
    const size = Math.ceil(total.length / pieces);
    return Array.from({ length: pieces }, (_, i) =>
      frameOf(i === 0 ? opcode : 0, total.subarray(i * size, (i + 1) * size), i === pieces - 1),
    );
  });

export interface WireCase {
  label: string;
  bytes: Buffer;
}

/** One fuzz case for a WebSocket boundary: some frames (or plain garbage), as bytes on the wire. */
function wireCase(payload: fc.Arbitrary<Uint8Array>): fc.Arbitrary<WireCase> {
  const asFrames = (label: string, frames: fc.Arbitrary<RawFrame[]>) =>
    frames.map((list) => ({ label, bytes: Buffer.concat(list.map(encodeFrame)) }));
  return fc.oneof(
    {
      weight: 6,
      arbitrary: asFrames(
        'text/binary frame',
        fc.tuple(fc.constantFrom(1, 2), payload).map(([opcode, bytes]) => [frameOf(opcode, bytes)]),
      ),
    },
    { weight: 3, arbitrary: asFrames('fragmented', fragmented(payload)) },
    { weight: 3, arbitrary: asFrames('malformed', malformed(payload)) },
    { weight: 2, arbitrary: asFrames('oversize (declared)', oversizeDeclared) },
    { weight: 1, arbitrary: asFrames('oversize (real)', oversizeReal) },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 200 })
        .map((bytes) => ({ label: 'garbage', bytes: Buffer.from(bytes) })),
    },
  );
}

export const apiCases = wireCase(apiPayload);
export const simCases = wireCase(simPayload);

/** A raw HTTP request to /mcp: honest or lying about its length, chunked, oversized, not UTF-8, not JSON, or a never-closed initialize. */
export function mcpCases(token: string): fc.Arbitrary<WireCase> {
  const jsonRpc = fc
    .oneof(
      fc
        .tuple(
          fc.constantFrom(...commandNames.map((n) => n.replace('.', '_')), 'nope'),
          fc.oneof(
            fc.jsonValue().map((v) => ({ fuzz_unknown: v })),
            fc.jsonValue(),
          ),
        )
        .map(([name, args]) => ({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name, arguments: args },
        })),
      fc.constant({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'fuzz', version: '1' },
        },
      }),
      fc.jsonValue(),
    )
    .map((v) => Buffer.from(JSON.stringify(v)));
  const body = fc.oneof(
    { weight: 5, arbitrary: jsonRpc },
    { weight: 2, arbitrary: invalidUtf8.map((b) => Buffer.from(b)) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 4096 }).map((extra) => Buffer.alloc(LIMIT + extra, 0x20)),
    },
  );
  const request = fc.record({
    method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'DELETE', 'PUT'),
    auth: fc.constantFrom('valid', 'valid', 'valid', 'none', 'wrong'),
    session: fc.constantFrom(undefined, undefined, 'garbage', '00000000-0000-0000-0000-000000000000'),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'text/plain',
      'application/octet-stream',
    ),
    length: fc.constantFrom('honest', 'honest', 'chunked', 'lie-bigger', 'huge'),
    body,
  });
  return request.map(({ method, auth, session, contentType, length, body }) => {
    const headers = [
      `Host: 127.0.0.1`,
      `Accept: application/json, text/event-stream`,
      `Content-Type: ${contentType}`,
      'Connection: close',
      ...(auth === 'none' ? [] : [`Authorization: Bearer ${auth === 'valid' ? token : 'wrong'}`]),
      ...(session ? [`mcp-session-id: ${session}`] : []),
    ];
    let payload: Buffer = body;
    if (length === 'honest') headers.push(`Content-Length: ${body.length}`);
    else if (length === 'lie-bigger') headers.push(`Content-Length: ${body.length + 1000}`);
    else if (length === 'huge') headers.push(`Content-Length: ${100 * LIMIT}`);
    else {
      headers.push('Transfer-Encoding: chunked');
      const chunks: Buffer[] = [];
      for (let i = 0; i < body.length; i += 65_536) {
        const chunk = body.subarray(i, i + 65_536);
        chunks.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
      }
      payload = Buffer.concat([...chunks, Buffer.from('0\r\n\r\n')]);
    }
    return {
      label: `${method} ${auth} ${length} ${contentType}`,
      bytes: Buffer.concat([
        Buffer.from(`${method} /mcp HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`),
        payload,
      ]),
    };
  });
}
