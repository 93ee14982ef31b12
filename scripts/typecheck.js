// Typechecks the whole tree as three programs, one per runtime (lib/types), two at a time, incrementally (build info
// under .cache/: a second run re-checks only what changed): the contract alone (no Node types: it must stay
// runtime-free), every Node package and app with the desktop app, the e2e specs and the benches as one program
// (tsconfig.node.json: the specs and benches import core and host, which a program of their own checked again), and
// the UI (DOM, Vite). Each package's own tsconfig.json is for editors.
//
// With TypeScript 7, the compiler ported to native code (the `typescript-native` alias of typescript@7; editors,
// eslint, Vite and Vitest keep typescript 6, whose checks 7 was made to match: 17 planted errors of every kind
// gave the same codes at the same places), one thread per program: the three programs from scratch took 29 CPU-s
// instead of 117 (session 15, load 25-31, docs/performance.md "Session 15"). Its default of several checker threads
// per program used ~3.5x the CPU of one for the same answer, on two cores every other lane of `npm test` wants.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const projects = ['tsconfig.node.json', 'packages/ui', 'packages/protocol/tsconfig.json'].filter((p) =>
  existsSync(p),
);

const cache = '.cache/typecheck-native'; // per checkout (ignored by git); TypeScript 6's build info is not 7's
mkdirSync(cache, { recursive: true });

const run = (project) =>
  new Promise((resolve) => {
    const buildInfo = `${cache}/${project.replace(/[^a-z0-9]+/gi, '-')}.tsbuildinfo`;
    const args = [
      'node_modules/typescript-native/bin/tsc',
      '-p',
      project,
      '--pretty',
      '--singleThreaded',
      '--incremental',
      '--tsBuildInfoFile',
      buildInfo,
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ project, code, out }));
  });

const results = [];
const queue = [...projects];
await Promise.all(
  [0, 1].map(async () => {
    while (queue.length) results.push(await run(queue.shift()));
  }),
);
let failed = 0;
for (const r of results) {
  if (r.code !== 0) {
    failed++;
    process.stdout.write(`✗ ${r.project}\n${r.out}\n`);
  } else process.stdout.write(`✓ ${r.project}\n`);
}
process.exit(failed ? 1 : 0);
