/**
 * Output every client of one server may leave unread together. Each client is also held to its own bound (64 MiB,
 * connection.ts), but clients are not counted: six that asked for screens and never read held +433 MB, and more
 * connections held more. Past the total, the client with the most unread output is dropped.
 */
export const MAX_UNREAD_OUTPUT_BYTES_TOTAL = 128 * 1024 * 1024;
/** A client with less than this unread never makes the budget count the others (the usual case costs nothing). */
const COUNT_ABOVE_BYTES = 1024 * 1024;

export interface BufferedClient {
  /** Output written to it and not yet taken by the socket. */
  readonly unreadBytes: number;
  drop(): void;
}

export class OutputBudget {
  private readonly clients = new Set<BufferedClient>();

  constructor(private readonly totalBytes = MAX_UNREAD_OUTPUT_BYTES_TOTAL) {}

  add(client: BufferedClient): void {
    this.clients.add(client);
  }

  delete(client: BufferedClient): void {
    this.clients.delete(client);
  }

  /** After `client` was written to: while all clients' unread output passes the total, drops the one holding most. */
  check(client: BufferedClient): void {
    if (client.unreadBytes < COUNT_ABOVE_BYTES) return;
    let total = 0;
    for (const c of this.clients) total += c.unreadBytes;
    while (total > this.totalBytes && this.clients.size > 0) {
      let biggest: BufferedClient | undefined;
      for (const c of this.clients) if (!biggest || c.unreadBytes > biggest.unreadBytes) biggest = c;
      total -= biggest!.unreadBytes;
      this.clients.delete(biggest!);
      biggest!.drop();
    }
  }
}
