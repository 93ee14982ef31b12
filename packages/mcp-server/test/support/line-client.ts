import { createConnection, type Socket } from 'node:net';

/**
 * A raw connection to an MCP socket that collects what the host writes, one JSON value per line: `lines()` so far,
 * `until(n)` waits (up to ~6 s) for n of them or the socket's close, `send` writes values as lines.
 */
export async function connectLines<Line = Record<string, unknown>>(path: string) {
  const socket: Socket = createConnection(path);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('data', (chunk) => (text += chunk));
  socket.on('error', () => undefined);
  const lines = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Line);
  const until = async (count: number) => {
    for (let i = 0; i < 600 && lines().length < count && !socket.destroyed; i++)
      await new Promise((r) => setTimeout(r, 10));
    return lines();
  };
  const send = (...values: unknown[]) => socket.write(values.map((v) => JSON.stringify(v) + '\n').join(''));
  return { socket, closed, lines, until, send };
}
