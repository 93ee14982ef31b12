/**
 * The iTerm2 client's decoding of screen-read answers (issue 21: host CPU with 200 printing agents, each read about
 * once a second plus the recorder's read-backs): `GetBufferResponse` frames read directly into the messages
 * (`packages/iterm-bridge/src/client/buffer-response-frame.ts`, session 16), read straight into the lines a screen
 * read keeps (`buffer-lines-frame.ts`, session 20: what the backend's screen reads use), and protobuf-es's reflective
 * `fromBinary` (before), same bytes, same run, in blocks that rotate the order so all see the same load.
 * Answers: a 25-line screen (a busy pane's paced read) and 80 lines (a read-back with history), each line with a
 * non-ASCII character, and 93 ASCII lines (a recording pane's read with the lines above the screen), each line with
 * its code-points-per-cell run and continuation, as iTerm2 and the embedded server send them.
 * Prints JSON and a table; writes bench/results/screen-answer-decode.json.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { bufferLinesAnswer } from '../packages/iterm-bridge/src/client/buffer-lines-frame';
import { bufferAnswer } from '../packages/iterm-bridge/src/client/buffer-response-frame';
import {
  LineContents_Continuation,
  ServerOriginatedMessageSchema,
  type GetBufferResponse,
} from '../packages/iterm-bridge/src/gen/api_pb';
import { report, size, summarize } from './stats';

const BLOCKS = size('BLOCKS', 40, { stress: 200, smoke: 2 });
const PER_BLOCK = size('PER_BLOCK', 200, { smoke: 5 });

function answer(lines: number, ascii = false): Uint8Array {
  const first = 10_000n;
  return toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      id: 123_456n,
      submessage: {
        case: 'getBufferResponse',
        value: {
          status: 0,
          contents: Array.from({ length: lines }, (_, i) => {
            const text = ascii
              ? `agent 12 line ${i * 7919} building module src/some/path/file-${i}.ts ok`
              : `building module ${(i * 7919) % 32768} — step ${i}`;
            return {
              text,
              codePointsPerCell: [{ numCodePoints: 1, repeats: text.length }],
              continuation: LineContents_Continuation.HARD_EOL,
            };
          }),
          cursor: { x: 2, y: first + BigInt(lines - 1) },
          windowedCoordRange: {
            coordRange: { start: { x: 0, y: first }, end: { x: 0, y: first + BigInt(lines) } },
          },
        },
      },
    }),
  );
}

/** Each decoder gives how many lines it read (something to keep, so no decode is optimised away). */
const decoders = {
  lines: (bytes: Uint8Array) => bufferLinesAnswer(bytes)!.lines.lines.length,
  direct: (bytes: Uint8Array) =>
    (bufferAnswer(bytes)!.message.submessage.value as GetBufferResponse).contents.length,
  reflective: (bytes: Uint8Array) =>
    (fromBinary(ServerOriginatedMessageSchema, bytes).submessage.value as GetBufferResponse).contents.length,
};
type Name = keyof typeof decoders;
const NAMES = Object.keys(decoders) as Name[];

/** µs per decode, one sample per block, the decoders' order rotated block by block. */
function run(bytes: Uint8Array) {
  const samples = { lines: [] as number[], direct: [] as number[], reflective: [] as number[] };
  let keep = 0;
  for (let block = -3; block < BLOCKS; block++) {
    const shift = (block + 3) % NAMES.length;
    for (const name of [...NAMES.slice(shift), ...NAMES.slice(0, shift)]) {
      const decode = decoders[name];
      const start = performance.now();
      for (let i = 0; i < PER_BLOCK; i++) keep += decode(bytes);
      const perDecodeUs = ((performance.now() - start) / PER_BLOCK) * 1000;
      if (block >= 0) samples[name].push(perDecodeUs); // the first three rounds warm all up
    }
  }
  if (keep === 0) throw new Error('bench: nothing decoded');
  return {
    lines: summarize(samples.lines),
    direct: summarize(samples.direct),
    reflective: summarize(samples.reflective),
  };
}

const screen = run(answer(25));
const readBack = run(answer(80));
const recording = run(answer(93, true));
const row = (s: ReturnType<typeof summarize>) => ({ 'p50 µs': s.p50, 'p99 µs': s.p99, mean: s.mean });
await report(
  'screen-answer-decode',
  {
    '25-line screen: lines': row(screen.lines),
    '25-line screen: direct': row(screen.direct),
    '25-line screen: reflective fromBinary (before)': row(screen.reflective),
    '80-line read-back: lines': row(readBack.lines),
    '80-line read-back: direct': row(readBack.direct),
    '80-line read-back: reflective fromBinary (before)': row(readBack.reflective),
    '93 ASCII lines (a recording read): lines': row(recording.lines),
    '93 ASCII lines (a recording read): direct': row(recording.direct),
    'ratio lines / direct': {
      '25 lines p50': screen.lines.p50 / screen.direct.p50,
      '80 lines p50': readBack.lines.p50 / readBack.direct.p50,
      '93 lines p50': recording.lines.p50 / recording.direct.p50,
      '93 lines p99': recording.lines.p99 / recording.direct.p99,
    },
    'ratio direct / reflective': {
      '25 lines p50': screen.direct.p50 / screen.reflective.p50,
      '25 lines p99': screen.direct.p99 / screen.reflective.p99,
      '80 lines p50': readBack.direct.p50 / readBack.reflective.p50,
      '80 lines p99': readBack.direct.p99 / readBack.reflective.p99,
    },
  },
  { blocks: BLOCKS, decodesPerBlock: PER_BLOCK, loadAverage: loadavg() },
);
