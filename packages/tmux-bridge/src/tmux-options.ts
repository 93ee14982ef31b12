import type { Logger } from '@switchboard/core';

/** How to reach the tmux server a TmuxBackend drives: locally, or on another machine over ssh. */
export interface TmuxBackendOptions {
  /** The tmux server's socket path (`-S`); else `socketName` (`-L`), else `switchboard`. */
  socketPath?: string;
  socketName?: string;
  session?: string;
  tmux?: string;
  /** Size of new windows (tmux's default-size). */
  columns?: number;
  rows?: number;
  /** Lines of history each pane keeps. */
  historyLimit?: number;
  /** Drive tmux on another machine over one SSH connection (the user's ssh, config and agent). */
  ssh?: SshTarget;
  /** Where a listener's thrown error is logged (`a listener threw`); none: not logged. */
  logger?: Logger;
}

export interface SshTarget {
  /** `user@host` or a Host alias from the ssh config. */
  destination: string;
  port?: number;
  identityFile?: string;
  knownHostsFile?: string;
  /** Remote loopback ports forwarded to local ones (`ssh -R`), e.g. agents' way back to the MCP endpoint. */
  reverseTunnels?: { remotePort: number; localPort: number }[];
  /** More `ssh` arguments, e.g. `['-o', 'ControlMaster=auto']`. */
  options?: string[];
}

/** The ssh command line that runs a command on `target`: no tty, no prompts, dead links noticed in ~15 s. */
export function sshArgv(target: SshTarget): string[] {
  return [
    'ssh',
    '-T',
    '-o',
    'BatchMode=yes',
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    'ExitOnForwardFailure=yes',
    '-o',
    'ConnectTimeout=10',
    ...(target.port ? ['-p', String(target.port)] : []),
    ...(target.identityFile ? ['-i', target.identityFile, '-o', 'IdentitiesOnly=yes'] : []),
    ...(target.knownHostsFile ? ['-o', `UserKnownHostsFile=${target.knownHostsFile}`] : []),
    ...(target.reverseTunnels ?? []).flatMap((t) => [
      '-R',
      `127.0.0.1:${t.remotePort}:127.0.0.1:${t.localPort}`,
    ]),
    ...(target.options ?? []),
    target.destination,
    '--',
  ];
}
