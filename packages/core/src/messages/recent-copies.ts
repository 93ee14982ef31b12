import type { Store } from '../store/store';

/** A copy made within the dedupe window: where to look for it in `message_deliveries`. */
interface Copy {
  key: string;
  cursor: number;
  createdMs: number;
}

/** Where duplicates are looked for, and how far back. */
export interface RecentCopiesOptions {
  /** Identical content to the same recipient within this window is a duplicate. */
  windowMs: number;
  now: () => number;
}

const keyOf = (recipientId: string, contentHash: string) => `${recipientId}\u0000${contentHash}`;

/**
 * The copies made within the dedupe window, by recipient and content hash, kept in memory so that finding
 * a duplicate needs no index on the hash. Such an index (`deliveries_dedupe`, dropped by messages migration
 * 5) put every new copy at a random place: a group of 16 sends committed together wrote ~16 of its pages,
 * 40 % of the group's WAL frames (issue 21). Every copy is inserted through the repository, which tells this
 * list; the rows made before this process are loaded from `message_deliveries` at first use.
 *
 * The list only names candidates: each is checked against its row (same cursor, recipient, hash, not
 * expired or denied), so a copy whose transaction was rolled back (its cursor may be reused) or whose row
 * is gone is never taken for a duplicate. Copies older than twice the window are dropped.
 */
export class RecentCopies {
  private readonly byKey = new Map<string, Copy[]>();
  /** Every copy in the order it was added, for dropping old ones. */
  private readonly queue: Copy[] = [];
  private head = 0;
  private loaded = false;

  constructor(
    private readonly store: Store,
    private readonly options: RecentCopiesOptions,
  ) {}

  /** A copy was just inserted (inside its transaction). */
  added(recipientId: string, contentHash: string, cursor: number, createdMs: number): void {
    // The first use loads what the table holds, this copy included.
    if (this.load()) return;
    this.remember({ key: keyOf(recipientId, contentHash), cursor, createdMs });
    this.dropOld();
  }

  /** The message id of the newest live copy with this content for this recipient made at or after `sinceMs`. */
  duplicateOf(recipientId: string, contentHash: string, sinceMs: number): string | undefined {
    this.load();
    const copies = this.byKey.get(keyOf(recipientId, contentHash));
    if (!copies) return undefined;
    const live = this.store.prepare<[number, string, string, number], { message_id: string }>(
      `SELECT message_id FROM message_deliveries WHERE cursor = ? AND recipient_id = ? AND content_hash = ?
        AND created_ms >= ? AND state NOT IN ('expired', 'denied')`,
    );
    for (let i = copies.length - 1; i >= 0; i--) {
      const copy = copies[i]!;
      if (copy.createdMs < sinceMs) continue;
      const found = live.get(copy.cursor, recipientId, contentHash, sinceMs);
      if (found) return found.message_id;
    }
    return undefined;
  }

  /** How many copies are remembered (for tests). */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** Loads the window's copies from the table the first time; true if it did. */
  private load(): boolean {
    if (this.loaded) return false;
    this.loaded = true;
    const rows = this.store
      .prepare<[number], { cursor: number; recipient_id: string; content_hash: string; created_ms: number }>(
        `SELECT cursor, recipient_id, content_hash, created_ms FROM message_deliveries
          WHERE created_ms >= ? ORDER BY cursor`,
      )
      .all(this.oldestKept());
    for (const row of rows)
      this.remember({
        key: keyOf(row.recipient_id, row.content_hash),
        cursor: row.cursor,
        createdMs: row.created_ms,
      });
    return true;
  }

  private remember(copy: Copy): void {
    const copies = this.byKey.get(copy.key);
    if (copies) copies.push(copy);
    else this.byKey.set(copy.key, [copy]);
    this.queue.push(copy);
  }

  /** Twice the window, so a clock stepped back a little still finds what the window holds. */
  private oldestKept(): number {
    return this.options.now() - 2 * this.options.windowMs;
  }

  private dropOld(): void {
    const oldest = this.oldestKept();
    while (this.head < this.queue.length && this.queue[this.head]!.createdMs < oldest) {
      const copy = this.queue[this.head++]!;
      const copies = this.byKey.get(copy.key)!;
      copies.splice(copies.indexOf(copy), 1);
      if (copies.length === 0) this.byKey.delete(copy.key);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
