// `npm start`: the desktop app where an Electron binary can start; otherwise the headless host.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
process.stdout.write('Starting the headless host (the desktop app needs an Electron binary; see README).\n');
const host = spawnSync(process.execPath, ['apps/headless/bin/switchboard.js', 'start', ...args], { stdio: 'inherit' });
process.exit(host.status ?? 0);
