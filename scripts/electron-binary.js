// Where the Electron binary is, or why the desktop app cannot start here. Shared by `npm start`,
// `npm run setup:desktop` and test/electron. The binary download is skipped at install (see
// docs/desktop.md), so on most machines that built this repository it is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '..');
const electronDir = join(repositoryRoot, 'node_modules/electron');

/** `{ path }` when Electron can be started, else `{ reason }` (one line a person can act on). */
export function findElectron(env = process.env, platform = process.platform) {
  if (!existsSync(join(electronDir, 'package.json')))
    return { reason: 'the electron package is not installed (run npm ci)' };
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      reason: 'the Electron binary is not downloaded (run npm run setup:desktop where the network allows)',
    };
  const path = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(path))
    return { reason: `the Electron binary is missing at ${path} (run npm run setup:desktop)` };
  if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'])
    return { reason: 'there is no display (set DISPLAY or run under xvfb-run)' };
  return { path };
}
