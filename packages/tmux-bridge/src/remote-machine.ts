import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import { SwitchboardError } from '@switchboard/protocol';
import type { RemoteMachine } from '@switchboard/core';
import { runRemoteCommand } from './remote-command';
import { formatted, quote, shellWord } from './tmux-quote';

/** Runs one tmux command on the machine's server (the control client's FIFO). */
type Run = (command: string) => Promise<string[]>;

/** The folder on a remote machine that holds agents' launcher and wiring files, under the tmux server's HOME. */
export const REMOTE_DATA_FOLDER = '.switchboard';

/**
 * The machine a tmux server over ssh runs on, reached through the same control-mode connection: files
 * are carried in a tmux paste buffer (`set-buffer`, then `save-buffer` to the path), so their content
 * (an agent's token) never appears in a command line there; folders are made 0700 and files chmod 0600
 * with `run-shell`, which waits for its command and sees only paths. `tunnelPort`: the remote loopback
 * port of the reverse tunnel to this host; `tmux`: the tmux program there. Programs (git, for agents'
 * worktrees) run in the background there, answering through paste buffers (remote-command.ts).
 */
export async function tmuxRemoteMachine(
  run: Run,
  tunnelPort: number | undefined,
  tmux = 'tmux',
): Promise<RemoteMachine> {
  const [line] = await run('show-environment -g HOME');
  const home = /^HOME=(\/.*)$/.exec(line ?? '')?.[1];
  if (!home)
    throw new SwitchboardError(
      'unavailable',
      "The remote tmux server has no absolute HOME for agents' files",
    );
  const dataDir = posix.join(home, REMOTE_DATA_FOLDER);
  const inside = (path: string) => {
    const normal = posix.normalize(path);
    if (!normal.startsWith(`${dataDir}/`))
      throw new SwitchboardError('invalid_input', `"${path}" is not inside ${dataDir}`);
    return normal;
  };
  // Silent and always "successful": tmux shows a run-shell's output or failure in the active pane, and a
  // nested command's answer (if-shell) arrives as a reply block of its own. Failures surface in the next
  // step instead: save-buffer into a missing folder fails, the launcher refuses a file that is not 0600.
  // tmux answers a control client's run-shell at once but runs the client's next command only once the
  // shell is done: the `display-message` after it is the barrier that waits for it.
  const shell = async (command: string) => {
    await run(`run-shell ${formatted(`${command} >/dev/null 2>&1; true`)}`);
    await run('display-message -p done');
  };
  return {
    dataDir,
    hostUrl() {
      if (tunnelPort === undefined)
        throw new SwitchboardError('unavailable', 'No tunnel from the remote machine back to this host');
      return `http://127.0.0.1:${tunnelPort}`;
    },
    async writePrivateFile(path, content) {
      const file = inside(path);
      const folder = posix.dirname(file);
      await shell(
        `umask 077 && mkdir -p ${shellWord(folder)} && chmod 700 ${shellWord(dataDir)} ${shellWord(folder)}`,
      );
      const buffer = `switchboard-${randomUUID()}`;
      await run(`set-buffer -b ${buffer} -- ${quote(content)}`);
      try {
        await run(`save-buffer -b ${buffer} ${formatted(file)}`);
      } finally {
        // Swallowed on purpose: the buffer goes with the tmux server anyway; the save's own outcome is what counts.
        await run(`delete-buffer -b ${buffer}`).catch(() => undefined);
      }
      await shell(`chmod 600 ${shellWord(file)}`);
    },
    async remove(path) {
      await shell(`rm -rf -- ${shellWord(inside(path))}`);
    },
    run(argv, options) {
      return runRemoteCommand(run, { runDir: posix.join(dataDir, 'run'), tmux }, { argv, ...options });
    },
  };
}
