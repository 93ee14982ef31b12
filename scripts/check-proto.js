// Fails when packages/iterm-bridge/src/gen/ is not what `npm run gen:proto` makes from the vendored
// proto/api.proto (run as part of `npm run lint`). Regenerates into a temp folder with the pinned,
// installed buf + protoc-gen-es (offline) and compares byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const protoDir = join(root, 'packages/iterm-bridge/proto');
const genDir = join(root, 'packages/iterm-bridge/src/gen');
const out = mkdtempSync(join(tmpdir(), 'check-proto-'));
const template = join(out, 'buf.gen.yaml');
writeFileSync(
  template,
  readFileSync(join(protoDir, 'buf.gen.yaml'), 'utf8').replace(/out: .*/, `out: ${JSON.stringify(out)}`),
);
try {
  const env = {
    ...process.env,
    PATH: `${join(root, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`,
  };
  const run = spawnSync('buf', ['generate', '--template', template], {
    cwd: protoDir,
    env,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(`check-proto: buf generate failed\n${run.stderr}${run.stdout}`);
    process.exit(1);
  }
  const made = readdirSync(out)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const committed = readdirSync(genDir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const stale = [];
  if (made.join() !== committed.join())
    stale.push(`files differ: generated [${made}] vs committed [${committed}]`);
  for (const f of made) {
    if (committed.includes(f) && readFileSync(join(out, f), 'utf8') !== readFileSync(join(genDir, f), 'utf8'))
      stale.push(f);
  }
  if (stale.length) {
    process.stderr.write(
      `check-proto: packages/iterm-bridge/src/gen is stale (${stale.join(', ')}). Run \`npm run gen:proto\`.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`check-proto: ${made.length} generated file(s) current\n`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
