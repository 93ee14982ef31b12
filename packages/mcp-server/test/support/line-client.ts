import { createConnection, type Socket } from 'node:net';

/**
 * A raw connection to an MCP socket that collects what the host writes, one JSON value per line: `lines()` so far,
 * `until(n)` waits for n of them, `send` writes values as lines.
 */
export async function connectLines<Line = Record<string, unknown>>(path: string) {
  const socket: Socket = createConnection(path);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  /** The lines come so far (a line still arriving is not one yet). */
  const lines = () =>
    text
      .slice(0, text.lastIndexOf('\n') + 1)
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Line);
  /**
   * The first `count` lines and any after them, once they have come. Throws, naming what it waited for and what
   * came, if the socket closes before or they have not come within `timeoutMs` (under the test's own timeout).
   */
  const until = (count: number, timeoutMs = 20_000) =>
    new Promise<Line[]>((resolve, reject) => {
      const failure = (why: string) =>
        new Error(
          `${path}: waited for ${count} line(s), ${why} with ${lines().length}: ${JSON.stringify(text)}`,
        );
      const check = () => {
        if (lines().length >= count) settle();
        else if (socket.destroyed) settle(failure('the socket closed'));
      };
      const timer = setTimeout(() => settle(failure(`${timeoutMs} ms passed`)), timeoutMs);
      const settle = (error?: Error) => {
        clearTimeout(timer);
        socket.off('data', check).off('close', check);
        if (error) reject(error);
        else resolve(lines());
      };
      socket.on('data', check).on('close', check);
      check();
    });
  const send = (...values: unknown[]) => socket.write(values.map((v) => JSON.stringify(v) + '\n').join(''));
  return { socket, closed, lines, until, send };
}
