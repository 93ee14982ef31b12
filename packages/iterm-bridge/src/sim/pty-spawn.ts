// A pane's process in node-pty, with the pty's end read without formatting a stack. node-pty reads a pty through a
// tty stream; when the pane's last process exits, that read fails with EIO and Node destroys the stream with the
// error, and Node's destroy reads the error's `stack` (so V8 lets go of the captured frames), which formats it: through
// the source maps when the server runs with --enable-source-maps (bench/support/sim-process.ts, switchboard.js), ~5 %
// of the server's main thread over 100 exits at once (docs/performance.md). node-pty drops that error (EIO is how a
// pty ends) and nothing reads its stack, so it is set plainly first. Every other error keeps its formatted stack.
//
// Its input goes through PtyInput (pty-input.ts) in place of node-pty's writer, which spins while the pty is full.
import { spawn, type IPty, type IPtyForkOptions } from 'node-pty';
import { PtyInput } from './pty-input';

type Destroy = (this: unknown, error?: unknown, ...rest: unknown[]) => unknown;

export function spawnPty(file: string, args: string[], options: IPtyForkOptions): IPty {
  const pty = spawn(file, args, options);
  // node-pty's writer (`write`, `dispose`) and the pty's descriptor: not in its types, replaced only where found.
  const inner = pty as unknown as { _writeStream?: { write?: unknown }; fd?: unknown };
  const input =
    typeof inner._writeStream?.write === 'function' && typeof inner.fd === 'number'
      ? new PtyInput(inner.fd)
      : undefined;
  if (input) inner._writeStream = input;
  // node-pty's read side (a tty.ReadStream): not in its types either, so looked for and left alone where absent.
  const socket = (pty as unknown as { _socket?: { destroy?: Destroy } })._socket;
  const destroy = socket?.destroy;
  if (socket && typeof destroy === 'function')
    socket.destroy = function (this: unknown, error?: unknown, ...rest: unknown[]) {
      if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EIO')
        error.stack = `${error.name}: ${error.message}`;
      // The descriptor closes with the stream and may be reused at once: nothing queued may be written to it then.
      input?.dispose();
      return destroy.call(this, error, ...rest);
    };
  return pty;
}
