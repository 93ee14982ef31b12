// `npm start`: the desktop app where an Electron binary can start; otherwise the headless host.
// `npm start -- --headless` (or SWITCHBOARD_HEADLESS=1) always runs headless; other arguments go to
// `switchboard start` (headless) unchanged.
import { spawnSync } from 'node:child_process';
import { findElectron } from './electron-binary.js';
import { quietBuild } from './quiet-build.js';

const args = process.argv.slice(2);
const forceHeadless = args.includes('--headless') || process.env['SWITCHBOARD_HEADLESS'] === '1';
const headlessArgs = args.filter((a) => a !== '--headless');
const built = quietBuild('npm', ['run', 'build', '--silent'], { label: 'UI built' });
if (built !== 0) process.exit(built);

const electron = forceHeadless ? { reason: 'headless was asked for' } : findElectron();
if (electron.path) {
  const desktop = spawnSync('npm', ['run', 'build', '--silent', '-w', '@switchboard/desktop'], {
    stdio: 'inherit',
  });
  if (desktop.status !== 0) process.exit(desktop.status ?? 1);
  const app = spawnSync(electron.path, ['apps/desktop'], { stdio: 'inherit' });
  process.exit(app.status ?? 0);
}
process.stdout.write(`Starting the headless host: ${electron.reason}.\n`);
const host = spawnSync(process.execPath, ['apps/headless/bin/switchboard.js', 'start', ...headlessArgs], {
  stdio: 'inherit',
});
process.exit(host.status ?? 0);
