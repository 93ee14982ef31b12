import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SshTarget } from '../src/tmux-backend';

const SSHD = '/usr/sbin/sshd';
/** A real OpenSSH server can run here: sshd installed (Debian openssh-server) and we are root (CI is). */
export const sshAvailable =
  existsSync(SSHD) && spawnSync('ssh', ['-V']).status === 0 && process.getuid?.() === 0;

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** This machine can give a process its own mount namespace (root with CAP_SYS_ADMIN): `hide` works. */
export const canHidePaths =
  sshAvailable && spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs none /mnt']).status === 0;

/**
 * An OpenSSH server for one test, on 127.0.0.1 and a free port, with its own host key and an
 * ephemeral user key (no password anywhere), logging in as the current user. `hide`: folders the
 * "remote machine" must not see (this machine's data folder, the launcher in the repository): sshd runs in
 * its own mount namespace with an empty tmpfs over each (needs `canHidePaths`), so what its sessions
 * find there is only what travelled over the connection.
 */
export async function startSshServer(options: { hide?: string[] } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'sb-sshd-'));
  const key = (name: string) => {
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(folder, name)]);
    return join(folder, name);
  };
  const hostKey = key('host_key');
  const userKey = key('user_key');
  writeFileSync(
    join(folder, 'authorized_keys'),
    spawnSync('cat', [`${userKey}.pub`], { encoding: 'utf8' }).stdout,
    { mode: 0o600 },
  );
  mkdirSync('/run/sshd', { recursive: true });
  // The remote account is a fresh one: an empty home (no ~/.bashrc for sshd's `bash -c` to source) and bash without
  // start-up files as the shell tmux gives new panes, so this machine's dotfiles cannot decide the test.
  const home = join(folder, 'home');
  mkdirSync(home);
  const quietShell = fileURLToPath(new URL('../../../test/support/quiet-shell', import.meta.url));
  const port = await freePort();
  const config = join(folder, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(folder, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'AllowTcpForwarding yes',
      // Its own tmux folder too: `tmux -L NAME` there never meets a tmux server of this machine's.
      `SetEnv HOME=${home} SHELL=${quietShell} TMUX_TMPDIR=${home}`,
      `PidFile ${join(folder, 'sshd.pid')}`,
      'LogLevel ERROR',
    ].join('\n') + '\n',
  );
  const hidden = options.hide ?? [];
  const startSshd = () =>
    hidden.length === 0
      ? spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(
          'unshare',
          [
            '-m',
            '--propagation',
            'private',
            'sh',
            '-c',
            // Positional parameters: the folders, then sshd's config; nothing is interpolated into the script.
            'config=$1; shift; for folder; do mount -t tmpfs -o mode=700 none "$folder" || exit 1; done; exec "$0" -D -e -f "$config"',
            SSHD,
            config,
            ...hidden,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
  let sshd: ChildProcess = startSshd();
  const user = spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
  const target: SshTarget = {
    destination: `${user}@127.0.0.1`,
    port,
    identityFile: userKey,
    knownHostsFile: join(folder, 'known_hosts'),
    options: ['-o', 'StrictHostKeyChecking=accept-new'],
  };
  const ssh = (...command: string[]) =>
    spawnSync(
      'ssh',
      [
        '-p',
        String(port),
        '-i',
        userKey,
        '-o',
        'BatchMode=yes',
        '-o',
        `UserKnownHostsFile=${join(folder, 'known_hosts')}`,
        '-o',
        'StrictHostKeyChecking=accept-new',
        target.destination,
        '--',
        ...command,
      ],
      { encoding: 'utf8' },
    );
  // sshd listens once it has read its keys: logins are tried until one works, for 30 s (not 100 tries that then went
  // on silently, leaving the tests to fail on a server that never came up).
  const deadline = Date.now() + 30_000;
  for (let login = ssh('true'); login.status !== 0; login = ssh('true')) {
    if (Date.now() > deadline) {
      sshd.kill();
      throw new Error(`sshd on 127.0.0.1:${port} took no login in 30 s: ${login.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    target,
    /** The remote account's HOME (an empty folder of its own). */
    home,
    ssh,
    /** Cuts every SSH connection (the server and its sessions), as a dropped network would. */
    stop() {
      spawnSync('pkill', ['-TERM', '-P', String(sshd.pid)]);
      sshd.kill('SIGTERM');
    },
    /** Starts the server again on the same port and keys. */
    restart() {
      sshd = startSshd();
    },
    dispose() {
      spawnSync('pkill', ['-TERM', '-P', String(sshd.pid)]);
      sshd.kill('SIGTERM');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
