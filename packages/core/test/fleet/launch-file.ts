import { spawnSync } from 'node:child_process';

/** What a launch file hands the launcher, read the launcher's way: the file evaluated by a real `/bin/sh`. */
export interface LaunchFile {
  /** The CLI's command line (without the `exec` the launcher runs a simple command with). */
  command: string;
  /** Whether the launcher `exec`s the command (one simple command: no shell stays behind). */
  exec: boolean;
  cwd: string;
  url: string;
  agentId: string;
  token: string;
}

export function readLaunchFile(path: string): LaunchFile {
  const script =
    'eval "$(cat -- "$1")" && printf "%s\\0" "$SWITCHBOARD_LAUNCH_COMMAND" "$SWITCHBOARD_LAUNCH_CWD" "$SWITCHBOARD_URL" "$SWITCHBOARD_AGENT" "$SWITCHBOARD_TOKEN"';
  const run = spawnSync('/bin/sh', ['-c', script, 'sh', path], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '' },
  });
  if (run.status !== 0) throw new Error(`cannot read the launch file ${path}: ${run.stderr}`);
  const [line = '', cwd = '', url = '', agentId = '', token = ''] = run.stdout.split('\0');
  const exec = line.startsWith('exec ');
  return { command: exec ? line.slice('exec '.length) : line, exec, cwd, url, agentId, token };
}
