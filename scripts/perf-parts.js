// A host's CPU by part, from `perf record -g` of its process (issue 25: what recording costs, and where).
//
//   node scripts/perf-parts.js [--seconds=S] [--hz=999] <perf.data> [<another perf.data> …]
//
// Runs `perf script` on each file (the process run with `node --perf-basic-prof`, so JavaScript frames have
// names) and counts every sample once, by the part its stack is in: the garbage collector and the compiler
// (also on their own threads), the recorder's parts (redaction, the frame's plan and JSON, fresh lines, the index
// row, the lines above the screen, chunk writes, the index; SQLite's other work apart), health, the screen
// observer, the iTerm2 client's decode, the bench's own terminal, timers, the event loop and the kernel. A
// sample's part is the innermost frame of its stack that a rule names (a regex over the frame's symbol), after the
// GC and compiler rules (any frame near the leaf). Prints samples and CPU ms per second (samples / hz, over --seconds, the `perf record` time) per
// part, one column per file; with two or more files, the last column is the last file minus the first (`on − off`
// when given the off leg's file first). Samples on other threads than the main one are counted apart
// (`thread: …`). Off by default: nothing runs this unless asked (docs/performance.md, session 23).
import { execFileSync } from 'node:child_process';

const GC =
  /Scavenger|Heap::|MarkCompact|ConcurrentMarking|IncrementalMarking|Sweeper|GCTracer|RecordWrite|EvacuateInPlace|ScavengeVisitor|MinorMS/;
const COMPILER =
  /compiler::|maglev::|OptimizingCompileDispatcher|Compiler::Compile|Deoptimizer|BaselineBatchCompiler|BytecodeGenerator|Parser::/;

const ZLIB =
  /deflate|compress_block|crc32|longest_match|_tr_flush|send_tree|build_tree|pqdownheap|ZlibContext|adler32/;

/** Parts by the innermost frame a rule names (first rule that names a frame wins for that frame). */
const PARTS = [
  ['recorder: index (SQLite)', /recording-repository\.ts/],
  ['recorder: chunk writes (deflate, segment)', /chunk-deflate|chunk-segments|writeChunk/],
  ['recorder: redaction', /redact-screen\.ts|secrets\/redact/],
  ['recorder: frame plan', /scroll-frame\.ts/],
  ['recorder: frame JSON', /frame-json\.ts|json-bytes\.ts|JS:\S*pushFrame /],
  ['recorder: fresh lines', /fresh-lines\.ts/],
  ['recorder: index row', /open-row\.ts|line-buffer\.ts/],
  ['recorder: lines above the screen', /scrolled-past\.ts|passed-lines\.ts|derived-screen\.ts/],
  ['recorder: other', /recordings\//],
  ['health', /health\/|line-before-cursor|string-width/],
  ['screen observer', /screen-observer|panes\//],
  ['iTerm2 client (decode, requests)', /iterm-bridge\/|@bufbuild|node_modules\/ws\//],
  ['bench terminal', /bench\//],
  ['timers, immediates', /processTimers|listOnTimeout|processImmediate/],
  ['event loop, kernel', /uv_run|epoll|finish_task_switch|__schedule/],
];

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const given = args.find((arg) => arg.startsWith(`--${name}=`));
  return given ? Number(given.slice(name.length + 3)) : fallback;
};
const files = args.filter((arg) => !arg.startsWith('--'));
if (files.length === 0) {
  console.error('usage: node scripts/perf-parts.js [--seconds=S] [--hz=999] <perf.data> [<perf.data> …]');
  process.exit(2);
}
const seconds = option('seconds', NaN);
const hz = option('hz', 999);

/** The part of one sample: its thread and its stack (leaf first). */
function partOf(mainThread, frames) {
  const near = frames.slice(0, 4).join('\n');
  const prefix = mainThread ? '' : 'thread: ';
  if (GC.test(near)) return `${prefix}garbage collection`;
  if (frames.some((frame) => COMPILER.test(frame))) return `${prefix}compiler`;
  if (!mainThread)
    return frames.some((frame) => /deflate|uv__work|uv__fs/.test(frame))
      ? 'thread: libuv pool'
      : 'thread: other';
  // zlib's own frames under the recorder (its chunk writes inlined into `flush` leave no frame of theirs).
  if (ZLIB.test(frames[0] ?? '') && frames.some((frame) => /recordings\//.test(frame)))
    return 'recorder: chunk writes (deflate, segment)';
  const underRecorder = frames.some((frame) => /recordings\//.test(frame));
  for (const frame of frames) {
    // SQLite's own frames: the recorder's index under the recorder, else the store's other work (fleet, health, …).
    if (/sqlite3/.test(frame)) return underRecorder ? 'recorder: index (SQLite)' : 'SQLite (not recordings)';
    for (const [name, rule] of PARTS) if (rule.test(frame)) return name;
  }
  return 'other';
}

/** Samples per part of one `perf record` file. */
function partsOf(file) {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'pid,tid,ip,sym'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const counts = new Map();
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    const [pid, tid] = lines[0].trim().split(/\s+/)[0].split('/');
    const frames = lines.slice(1).map((line) => line.trim().replace(/^[0-9a-f]+\s+/, ''));
    const part = partOf(pid === tid, frames);
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  return counts;
}

const all = files.map(partsOf);
const names = [...new Set(all.flatMap((counts) => [...counts.keys()]))].sort();
const total = (counts) => [...counts.values()].reduce((sum, n) => sum + n, 0);
const msPerS = (samples) => (Number.isFinite(seconds) ? ((samples / hz) * 1000) / seconds : NaN);
const cell = (samples) => `${String(samples).padStart(6)} ${msPerS(samples).toFixed(2).padStart(7)}`;
const width = Math.max(...names.map((name) => name.length), 10);
const header = ['part'.padEnd(width), ...files.map((_, i) => `file ${i + 1}: samples ms/s`.padStart(24))];
if (files.length > 1) header.push('last − first: samples ms/s'.padStart(28));
console.log(files.map((file, i) => `file ${i + 1}: ${file}`).join('\n'));
console.log(header.join(' '));
for (const name of [...names, 'all']) {
  const values = all.map((counts) => (name === 'all' ? total(counts) : (counts.get(name) ?? 0)));
  const row = [name.padEnd(width), ...values.map((value) => cell(value).padStart(24))];
  if (files.length > 1) row.push(cell(values.at(-1) - values[0]).padStart(28));
  console.log(row.join(' '));
}
