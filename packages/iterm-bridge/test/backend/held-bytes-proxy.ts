import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A unix-socket relay between a client and a server that can hold what the server sends and let it through
 * in one write: the client then reads frames the server sent at different times together, as a client that
 * is busy elsewhere (or reads in windows) does.
 */
export class HeldBytesProxy {
  private holding = false;
  private readonly pairs: { client: Socket; server: Socket; held: Buffer[] }[] = [];

  private constructor(
    readonly socketPath: string,
    private readonly listener: Server,
  ) {}

  static async start(socketPath: string, serverPath: string): Promise<HeldBytesProxy> {
    const listener = createServer();
    const proxy = new HeldBytesProxy(socketPath, listener);
    listener.on('connection', (client) => {
      const server = connect(serverPath);
      const pair = { client, server, held: [] as Buffer[] };
      proxy.pairs.push(pair);
      client.on('data', (bytes) => server.write(bytes));
      server.on('data', (bytes) => (proxy.holding ? pair.held.push(bytes) : client.write(bytes)));
      const end = () => {
        client.destroy();
        server.destroy();
      };
      client.on('close', end);
      server.on('close', end);
      client.on('error', end);
      server.on('error', end);
    });
    await new Promise<void>((resolve) => listener.listen(socketPath, resolve));
    return proxy;
  }

  /** From now on the server's bytes wait here. */
  hold(): void {
    this.holding = true;
  }

  /** How many bytes wait. */
  get heldBytes(): number {
    return this.pairs.reduce((sum, pair) => sum + pair.held.reduce((n, b) => n + b.length, 0), 0);
  }

  /** What each client's server sent meanwhile goes to it in one write; bytes flow again as they come. */
  release(): void {
    this.holding = false;
    for (const pair of this.pairs) {
      if (pair.held.length) pair.client.write(Buffer.concat(pair.held));
      pair.held = [];
    }
  }

  async close(): Promise<void> {
    for (const { client, server } of this.pairs) {
      client.destroy();
      server.destroy();
    }
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }
}
