// The floor under the embedded server's high-confidence events: the same bash, started the way the
// server starts a pane's command (`/bin/sh -c`), in bare node-pty with nothing reading its screen. A
// keystroke → the OSC 133 prompt bytes arriving, and a keystroke → node-pty's exit: what the shells
// and the box cost before any terminal emulation, notification or detection.
import { performance } from 'node:perf_hooks';
import { spawn, type IPty } from 'node-pty';

/** The prompt drawn again after a command: OSC 133 B (end of prompt), as the server's prompt mark. */
const PROMPT_END = '\u001b]133;B\u0007';

export interface PtyBaseline {
  /** Per shell: keystroke → the chunk holding the prompt mark after `command\r` (ms). */
  marks(command: string): Promise<number[]>;
  /** Per shell: keystroke `exit\r` → node-pty's exit event (ms). */
  exits(): Promise<number[]>;
  close(): void;
}

export async function ptyBaseline(count: number, shellCommand: string): Promise<PtyBaseline> {
  const shells: { pty: IPty; seen: string }[] = [];
  for (let i = 0; i < count; i++) {
    const pty = spawn('/bin/sh', ['-c', shellCommand], { name: 'xterm-256color', cols: 80, rows: 25 });
    const shell = { pty, seen: '' };
    pty.onData((data) => (shell.seen += data));
    shells.push(shell);
  }
  const ready = Date.now() + 30_000;
  while (!shells.every((s) => s.seen.includes(PROMPT_END))) {
    if (Date.now() > ready) throw new Error('bench: bare node-pty shells did not draw a prompt');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    async marks(command) {
      return Promise.all(
        shells.map(
          (shell) =>
            new Promise<number>((resolve) => {
              const sent = performance.now();
              const from = shell.seen.length;
              // After the listener above: `seen` already holds this chunk (a mark may span two chunks).
              const listener = shell.pty.onData(() => {
                if (shell.seen.indexOf(PROMPT_END, from) < 0) return;
                listener.dispose();
                resolve(performance.now() - sent);
              });
              shell.pty.write(`${command}\r`);
            }),
        ),
      );
    },
    async exits() {
      return Promise.all(
        shells.map(
          (shell) =>
            new Promise<number>((resolve) => {
              const sent = performance.now();
              shell.pty.onExit(() => resolve(performance.now() - sent));
              shell.pty.write('exit\r');
            }),
        ),
      );
    },
    close() {
      for (const shell of shells) {
        try {
          shell.pty.kill('SIGKILL');
        } catch {
          // exited already
        }
      }
    },
  };
}

/**
 * The same shells and keystrokes as the state-detection bench's marks and exits, in bare node-pty: `rounds`
 * times `false` then `true` (keystroke → prompt-mark bytes), then `exit` (keystroke → node-pty exit).
 */
export async function bareShellRounds(count: number, rounds: number, shellCommand: string) {
  const shells = await ptyBaseline(count, shellCommand);
  try {
    const marks: number[] = [];
    for (let r = 0; r < rounds; r++) {
      marks.push(...(await shells.marks('false')));
      marks.push(...(await shells.marks('true')));
    }
    return { marks, exits: await shells.exits() };
  } finally {
    shells.close();
  }
}
