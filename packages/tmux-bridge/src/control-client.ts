/**
 * One tmux control-mode client (`tmux -C`) over pipes: commands go in one per line and are answered
 * in order, so a FIFO of waiting callers matches replies; notifications go to listeners. The stream is
 * read as latin1 (one char per byte) so `%output` bytes survive chunking; reply lines are UTF-8 decoded.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { logListenerError, type Logger } from '@switchboard/core';
import { Emitter, SwitchboardError } from '@switchboard/protocol';
import { ControlParser } from './control-parser';
import { shellWord } from './tmux-quote';
import type { ControlNotification } from './control-parser';

export interface ControlClientOptions {
  /** The tmux binary (default `tmux`). */
  tmux?: string;
  /**
   * Runs tmux elsewhere: the argv that comes before it (e.g. `ssh -p 2222 user@host --`). The tmux
   * arguments are then quoted for the remote POSIX shell, since ssh joins them into one command line.
   */
  via?: string[];
  /** Server selection: `['-S', path]` or `['-L', name]`. */
  serverArgs: string[];
  /** The session this client attaches to, created (with `keeper` as its first window) when missing. */
  session: string;
  /** The command line of the session's first window, which keeps the session alive. */
  keeper: string;
  keeperName: string;
  /** Where a listener's thrown error is logged (component `tmux-control`); none: not logged. */
  logger?: Logger | undefined;
}

interface Waiting {
  resolve(lines: string[]): void;
  reject(error: Error): void;
  command: string;
}

const utf8 = (line: string) => Buffer.from(line, 'latin1').toString('utf8');

export class ControlClient {
  private readonly waiting: Waiting[] = [];
  // A listener's throw would leave the 'data' handler (an uncaught exception) and lose the rest of the chunk.
  private readonly notificationListeners: Emitter<ControlNotification>;
  private readonly exitListeners: Emitter<void>;
  private exited = false;
  /** The last 2000 characters tmux (or ssh) wrote to stderr. */
  private stderr = '';
  private readonly stderrListeners: Emitter<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    logger: Logger | undefined,
  ) {
    const logged = (event: string) => logListenerError(logger, 'tmux-control', event);
    this.notificationListeners = new Emitter(
      logListenerError(logger, 'tmux-control', 'notification', (n: ControlNotification) => ({
        notification: n.name.slice(0, 40),
      })),
    );
    this.exitListeners = new Emitter<void>(logged('exit'));
    this.stderrListeners = new Emitter<void>(logged('stderr'));
    const parser = new ControlParser({
      onReply: (reply) => {
        if (!reply.fromClient) return; // the attach itself, or another client's command
        const next = this.waiting.shift();
        if (!next) return;
        const lines = reply.lines.map(utf8);
        if (reply.ok) next.resolve(lines);
        else next.reject(tmuxError(next.command, lines.join('\n')));
      },
      onNotification: (notification) => {
        if (notification.name === 'exit') this.finish();
        this.notificationListeners.emit(notification);
      },
    });
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (chunk: string) => parser.push(chunk));
    child.on('error', () => this.finish());
    child.on('exit', () => this.finish());
    child.stdin.on('error', () => this.finish());
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-2000);
      this.stderrListeners.emit();
    });
  }

  /** Attaches to (or creates) the session and waits until tmux answers a first command. */
  static async start(options: ControlClientOptions): Promise<ControlClient> {
    const tmuxArgv = [
      options.tmux ?? 'tmux',
      '-u',
      ...options.serverArgs,
      '-C',
      'new-session',
      '-A',
      '-s',
      options.session,
      '-n',
      options.keeperName,
      options.keeper,
    ];
    const [program, ...args] = options.via?.length
      ? [...options.via, tmuxArgv.map(shellWord).join(' ')]
      : tmuxArgv;
    const child = spawn(program!, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new ControlClient(child, options.logger);
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) =>
        reject(
          new SwitchboardError('unavailable', `Cannot run ${program}: ${error.message}`, {
            hint: 'Install tmux (Debian: apt-get install tmux) or pick another backend.',
          }),
        ),
      );
    });
    await spawned;
    try {
      await client.run('display-message -p ok');
    } catch (error) {
      const why = client.stderr.trim() || (error as Error).message;
      throw new SwitchboardError(
        'unavailable',
        `tmux${options.via?.length ? ` via ${options.via[0]}` : ''} did not start: ${why}`,
      );
    }
    return client;
  }

  /** Runs one tmux command line and resolves with its reply lines; a tmux error becomes a SwitchboardError. */
  run(command: string): Promise<string[]> {
    if (this.exited)
      return Promise.reject(
        new SwitchboardError('unavailable', 'The tmux control client has exited', {
          hint: 'The tmux server may have stopped; Switchboard reconnects on its own.',
        }),
      );
    if (command.includes('\n'))
      return Promise.reject(
        new SwitchboardError('invalid_input', 'A tmux command cannot contain a line break'),
      );
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject, command });
      this.child.stdin.write(`${command}\n`);
    });
  }

  /**
   * The remote loopback port ssh allocated for a reverse tunnel asked with port 0 (`-R 127.0.0.1:0:…`) to
   * `localPort`: ssh reports it on stderr ("Allocated port N for remote forward to 127.0.0.1:L").
   */
  allocatedPort(localPort: number, timeoutMs = 10_000): Promise<number> {
    const pattern = new RegExp(`Allocated port (\\d+) for remote forward to 127\\.0\\.0\\.1:${localPort}\\b`);
    return new Promise((resolve, reject) => {
      let stopListening = () => undefined as unknown;
      const check = () => {
        const match = pattern.exec(this.stderr);
        if (!match) return false;
        finish();
        resolve(Number(match[1]));
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new SwitchboardError('unavailable', `ssh reported no port for the tunnel to ${localPort}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        stopListening();
      };
      if (!check()) stopListening = this.stderrListeners.on(check);
    });
  }

  onNotification(listener: (notification: ControlNotification) => void): () => void {
    return this.notificationListeners.on(listener);
  }

  onExit(listener: () => void): () => void {
    return this.exitListeners.on(listener);
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Detaches this client; the tmux server and its panes keep running. */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 2000))]);
    if (!this.exited) this.child.kill();
  }

  private finish(): void {
    if (this.exited) return;
    this.exited = true;
    const error = new SwitchboardError('unavailable', 'The tmux control client has exited');
    for (const waiting of this.waiting.splice(0)) waiting.reject(error);
    this.exitListeners.emit();
  }
}

/** tmux's error text mapped to our codes: a missing target is `not_found`, anything else `conflict`. */
function tmuxError(command: string, text: string): SwitchboardError {
  const verb = command.split(' ')[0];
  if (/can't find (pane|window|session)|no such (pane|window|session)/i.test(text))
    return new SwitchboardError('not_found', `tmux ${verb}: ${text}`);
  if (/parse error|unknown (command|option|flag)|invalid/i.test(text))
    return new SwitchboardError('invalid_input', `tmux ${verb}: ${text}`);
  return new SwitchboardError('conflict', `tmux ${verb}: ${text}`);
}
