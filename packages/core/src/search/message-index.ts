import type { EventBus } from '../events/event-bus';
import type { Clock } from '../ports/clock';
import type { Store } from '../store/store';

/** How long a stored message may wait for its batch before it is indexed (a search indexes it at once). */
export const MESSAGE_INDEX_BATCH_MS = 250;

interface IndexState {
  indexed_upto: number;
  indexed_id: string | null;
}

/**
 * The fleet search's index of message bodies (`message_fts`), filled in batches instead of by a trigger
 * inside every send's transaction (issue 21: the FTS5 rows with their prefix indexes were most of a send's
 * pages). `message_fts_state` records the last message indexed (its rowid, and its id to notice rowids that
 * moved); every message after it waits for the next batch, which runs `MESSAGE_INDEX_BATCH_MS` after a
 * send, before every search (`flush`), and when the host starts (messages a stop or a crash left unindexed:
 * the batch and its mark commit together, so nothing is indexed twice or skipped). Search results stay
 * complete: a search flushes first. If the mark no longer names the row it was set on (a VACUUM renumbered
 * rowids, its message was deleted), the index is rebuilt from `messages`.
 */
export class MessageIndex {
  private timer: (() => void) | undefined;
  private stopped = false;
  private readonly stopListening: () => void;

  constructor(private readonly deps: { store: Store; clock: Clock; bus: EventBus; batchMs?: number }) {
    // What a stop or a crash left unindexed (the batch and its mark commit together: nothing twice, nothing skipped).
    this.rebuildIfMoved();
    this.flush();
    this.stopListening = deps.bus.subscribe((event) => {
      if (event.type === 'message.sent')
        this.timer ??= deps.clock.setTimeout(() => this.flush(), this.batchMs);
    });
  }

  private get batchMs(): number {
    return this.deps.batchMs ?? MESSAGE_INDEX_BATCH_MS;
  }

  /** Indexes every message stored since the last batch, in one transaction with the new mark. Returns how many. */
  flush(): number {
    this.timer?.();
    this.timer = undefined;
    const { store } = this.deps;
    return store.transaction(() => {
      const { indexed_upto: upto } = this.state();
      const added = store
        .prepare<[number], never>(
          'INSERT OR REPLACE INTO message_fts(rowid, message_id, body) SELECT rowid, id, body FROM messages WHERE rowid > ? ORDER BY rowid',
        )
        .run(upto).changes;
      if (added > 0) this.markLast();
      return added;
    });
  }

  /** No more batches (the host is closing): what is waiting is indexed now. Once: a second stop does nothing. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListening();
    this.flush();
  }

  private state(): IndexState {
    return this.deps.store
      .prepare<[], IndexState>('SELECT indexed_upto, indexed_id FROM message_fts_state')
      .get()!;
  }

  private markLast(): void {
    this.deps.store
      .prepare(
        `UPDATE message_fts_state SET (indexed_upto, indexed_id) =
          (SELECT coalesce(max(rowid), 0), (SELECT id FROM messages ORDER BY rowid DESC LIMIT 1) FROM messages)`,
      )
      .run();
  }

  private rebuildIfMoved(): void {
    const { store } = this.deps;
    const { indexed_upto: upto, indexed_id: id } = this.state();
    const at = store
      .prepare<[number], { id: string }>('SELECT id FROM messages WHERE rowid = ?')
      .get(upto)?.id;
    if ((at ?? null) === id) return;
    store.transaction(() => {
      store.prepare('DELETE FROM message_fts').run();
      store
        .prepare(
          'INSERT OR REPLACE INTO message_fts(rowid, message_id, body) SELECT rowid, id, body FROM messages ORDER BY rowid',
        )
        .run();
      this.markLast();
    });
  }
}
