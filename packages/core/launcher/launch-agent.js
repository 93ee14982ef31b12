#!/usr/bin/env node
// The command an agent's pane runs: `node launch-agent.js <secrets-file>`.
//
// Real iTerm2 cannot give a new session environment variables, and a token must never be typed into
// a pane, shown in a title or kept in a user variable. So core writes the agent's secrets to a file
// only the user can read, and the pane runs this launcher: it reads the file, deletes it, and runs the
// agent's CLI with SWITCHBOARD_URL, SWITCHBOARD_AGENT and SWITCHBOARD_TOKEN in its environment.
// Plain JavaScript with no imports beyond Node's own, so it starts with any `node` and no build step.
import { spawn } from 'node:child_process';
import { readFileSync, statSync, unlinkSync } from 'node:fs';

function fail(message) {
  // Never print the file's content: it holds the token.
  process.stderr.write(`switchboard launcher: ${message}\n`);
  process.exit(1);
}

const secretsPath = process.argv[2];
if (!secretsPath) fail('usage: launch-agent.js <secrets-file>');

let secrets;
try {
  const stat = statSync(secretsPath);
  if ((stat.mode & 0o077) !== 0) fail(`${secretsPath} is readable by other users; refusing to use it`);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) fail(`${secretsPath} belongs to another user`);
  secrets = JSON.parse(readFileSync(secretsPath, 'utf8'));
} catch (error) {
  if (error && error.code === 'ENOENT') fail(`${secretsPath} is gone (already used?); restart the agent from Switchboard`);
  fail(`cannot read ${secretsPath}`);
}
try {
  unlinkSync(secretsPath);
} catch {
  // Already gone; the secrets are in memory.
}
if (!secrets || typeof secrets.agentId !== 'string' || typeof secrets.token !== 'string') fail('the secrets file is malformed');

const extra = secrets.env && typeof secrets.env === 'object' ? secrets.env : {};
const env = {
  ...process.env,
  ...Object.fromEntries(Object.entries(extra).filter(([key, value]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && typeof value === 'string')),
  SWITCHBOARD_URL: String(secrets.url ?? ''),
  SWITCHBOARD_AGENT: secrets.agentId,
  SWITCHBOARD_TOKEN: secrets.token,
};
if (typeof secrets.cwd === 'string' && secrets.cwd) {
  try {
    process.chdir(secrets.cwd);
  } catch {
    fail(`cannot enter ${secrets.cwd}`);
  }
}

const shell = process.env.SHELL || '/bin/sh';
const child =
  typeof secrets.command === 'string' && secrets.command
    ? spawn('/bin/sh', ['-c', secrets.command], { stdio: 'inherit', env })
    : spawn(shell, ['-l'], { stdio: 'inherit', env });

// Ctrl+C reaches the agent's CLI through the terminal; the launcher only waits for it.
process.on('SIGINT', () => undefined);
process.on('SIGQUIT', () => undefined);
for (const signal of ['SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    child.kill(signal);
  });
}
child.on('error', (error) => fail(`cannot start the agent: ${error.message}`));
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 : 1));
});
