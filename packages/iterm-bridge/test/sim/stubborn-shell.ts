import type { ShellConfig } from '../../src/sim/index';

/**
 * A pane program that leaves behind what a terminal hang-up does not end: a loop in a process group of
 * its own (`set -m`, as an interactive shell's jobs), SIGHUP and SIGTERM ignored, only writing (a write to
 * a hung-up terminal fails and it carries on). `marker` is on its command line, for `pgrep -f`.
 */
export function stubbornShell(marker: string): ShellConfig {
  return {
    file: '/bin/sh',
    args: ['-c', `set -m; (trap '' HUP TERM; while :; do echo ${marker}; sleep 0.2; done) & wait`],
  };
}
