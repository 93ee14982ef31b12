// `npm run setup:desktop`: makes the desktop app runnable on this machine (a Mac, normally).
// 1. Downloads the Electron binary that `npm ci` skipped (root allowScripts: electron=false).
// 2. Builds better-sqlite3 for Electron's ABI into apps/desktop/node_modules, which the desktop main
//    process resolves before the root copy; the root copy stays built for Node (tests, the CLI).
//    node-pty uses N-API, so the root copy loads in Electron as it is.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findElectron, repositoryRoot } from './electron-binary.js';

const run = (command, args, options = {}) =>
  spawnSync(command, args, { stdio: 'inherit', cwd: repositoryRoot, ...options }).status === 0;
const env = { ...process.env };
delete env['ELECTRON_SKIP_BINARY_DOWNLOAD'];

process.stdout.write('Downloading the Electron binary…\n');
if (!run(process.execPath, ['node_modules/electron/install.js'], { env })) {
  process.stderr.write(
    'Could not download Electron (no network to github.com?). The headless app still works: npm start.\n',
  );
  process.exit(1);
}
const electron = findElectron(env, 'darwin');
if (!electron.path) {
  process.stderr.write(`Electron is still not usable: ${electron.reason}\n`);
  process.exit(1);
}

const version = JSON.parse(
  readFileSync(join(repositoryRoot, 'node_modules/electron/package.json'), 'utf8'),
).version;
const target = join(repositoryRoot, 'apps/desktop/node_modules/better-sqlite3');
rmSync(target, { recursive: true, force: true });
mkdirSync(join(target, '..'), { recursive: true });
cpSync(join(repositoryRoot, 'node_modules/better-sqlite3'), target, { recursive: true });
rmSync(join(target, 'build'), { recursive: true, force: true });
process.stdout.write(`Building better-sqlite3 for Electron ${version}…\n`);
const bin = (name) => join(repositoryRoot, 'node_modules/.bin', name);
const built =
  run(bin('prebuild-install'), ['--runtime', 'electron', '--target', version], { cwd: target }) ||
  run(
    bin('node-gyp'),
    [
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${version}`,
      '--dist-url=https://electronjs.org/headers',
    ],
    { cwd: target },
  );
if (!built) {
  process.stderr.write(
    'Could not build better-sqlite3 for Electron (needs the network for headers, and Xcode command line tools).\n',
  );
  process.exit(1);
}
process.stdout.write('The desktop app is ready: npm start\n');
