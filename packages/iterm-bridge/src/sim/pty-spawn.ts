// A pane's process in node-pty, with the pty's end read without formatting a stack. node-pty reads a pty through a
// tty stream; when the pane's last process exits, that read fails with EIO and Node destroys the stream with the
// error, and Node's destroy reads the error's `stack` (so V8 lets go of the captured frames), which formats it: through
// the source maps when the server runs with --enable-source-maps (bench/support/sim-process.ts, switchboard.js), ~5 %
// of the server's main thread over 100 exits at once (docs/performance.md). node-pty drops that error (EIO is how a
// pty ends) and nothing reads its stack, so it is set plainly first. Every other error keeps its formatted stack.
import { spawn, type IPty, type IPtyForkOptions } from 'node-pty';

type Destroy = (this: unknown, error?: unknown, ...rest: unknown[]) => unknown;

export function spawnPty(file: string, args: string[], options: IPtyForkOptions): IPty {
  const pty = spawn(file, args, options);
  // node-pty's read side (a tty.ReadStream): not in its types, so looked for and left alone where absent.
  const socket = (pty as unknown as { _socket?: { destroy?: Destroy } })._socket;
  const destroy = socket?.destroy;
  if (socket && typeof destroy === 'function')
    socket.destroy = function (this: unknown, error?: unknown, ...rest: unknown[]) {
      if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EIO')
        error.stack = `${error.name}: ${error.message}`;
      return destroy.call(this, error, ...rest);
    };
  return pty;
}
