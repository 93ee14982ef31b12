import type { CommandOutput, FleetSearchGroup, FleetSearchHit, ParsedInput } from '@switchboard/protocol';
import type { Clock } from '../ports/clock';
import type { MemoryRepository } from '../memory/memory-repository';
import { ftsQueryOf, memoryQueryOf } from '../memory/fts-query';
import type { Store } from '../store/store';
import { RecordedOutputSearch } from './recorded-output-search';
import { limitClause } from '../store/sql-limit';

interface MessageHitRow {
  id: string;
  kind: string;
  sender_id: string;
  created_ms: number;
  snippet: string;
  recipients: string;
}

type Ranked = FleetSearchHit & { agentId: string };

/**
 * Search across the fleet for the human: shared memory, message bodies and recorded pane output at once,
 * each hit under the agent it belongs to (a memory entry's author, a message's sender, the pane's agent),
 * groups ordered by their best hit.
 * Ranks are bm25 within each source's index; they are comparable enough to interleave, not to add.
 */
export class FleetSearch {
  private readonly output: RecordedOutputSearch;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      memory: MemoryRepository;
      /** Brings what is waiting for the next index batch into the indexes first. */
      beforeSearch?: () => void;
    },
  ) {
    this.output = new RecordedOutputSearch(deps.store);
  }

  search(input: ParsedInput<'fleet.search'>): CommandOutput<'fleet.search'> {
    const query = ftsQueryOf(input.query);
    if (query === undefined) return { groups: [], total: 0 };
    this.deps.beforeSearch?.();
    const hits: Ranked[] = [];
    if (input.sources.includes('memory')) hits.push(...this.memoryHits(input.query, input.limit));
    if (input.sources.includes('message')) hits.push(...this.messageHits(query, input.limit));
    if (input.sources.includes('recording')) hits.push(...this.recordingHits(input.query, input.limit));
    hits.sort((a, b) => a.rank - b.rank);
    const groups = new Map<string, FleetSearchGroup>();
    for (const { agentId, ...hit } of hits) {
      const group = groups.get(agentId) ?? { agentId, hits: [] };
      group.hits.push(hit);
      groups.set(agentId, group);
    }
    return { groups: [...groups.values()], total: hits.length };
  }

  private memoryHits(text: string, limit: number): Ranked[] {
    const query = memoryQueryOf(text);
    if (query === undefined) return [];
    return this.deps.memory
      .search(query, { namespaces: undefined, nowMs: this.deps.clock.now() }, limit)
      .map(({ entry, snippet, rank }) => ({
        agentId: entry.author,
        source: 'memory',
        at: entry.updatedAt,
        snippet,
        rank,
        memory: { namespace: entry.namespace, key: entry.key },
        message: null,
        recording: null,
      }));
  }

  private messageHits(query: string, limit: number): Ranked[] {
    return this.rankedHits<MessageHitRow>(
      query,
      limit,
      'message_fts',
      `SELECT h.rowid AS fts, m.id, m.kind, m.sender_id, m.created_ms,
        snippet(message_fts, 1, '⟦', '⟧', '…', 16) AS snippet,
        (SELECT json_group_array(d.recipient_id) FROM message_deliveries d WHERE d.message_id = m.id) AS recipients
      FROM message_fts h JOIN messages m ON m.id = h.message_id`,
      (row, rank) => ({
        agentId: row.sender_id,
        source: 'message',
        at: new Date(row.created_ms).toISOString(),
        snippet: row.snippet,
        rank,
        memory: null,
        message: { id: row.id, kind: row.kind, recipientIds: JSON.parse(row.recipients) as string[] },
        recording: null,
      }),
    );
  }

  /**
   * Lines recorded from panes (each hit a batch of lines that appeared together): the best of the newest
   * matches (`recorded-output-search.ts`).
   */
  private recordingHits(text: string, limit: number): Ranked[] {
    return this.output.search(text, limit).map((hit) => ({
      agentId: hit.agentId,
      source: 'recording',
      at: new Date(hit.atMs).toISOString(),
      snippet: hit.snippet,
      rank: hit.rank,
      memory: null,
      message: null,
      recording: { at: hit.atMs },
    }));
  }

  /**
   * Ranked first (ids only), then the hits' rows and snippets (`select` names the FTS table `h` and yields
   * `fts`, its rowid): as for memory, no snippet for every match.
   */
  private rankedHits<Row>(
    query: string,
    limit: number,
    table: 'message_fts',
    select: string,
    toHit: (row: Row, rank: number) => Ranked,
  ): Ranked[] {
    const matches = `SELECT rowid AS fts, rank FROM ${table} WHERE ${table} MATCH ?`;
    const ranked = this.deps.store
      .prepare<[string], { fts: number; rank: number }>(`${matches} ORDER BY rank${limitClause(limit)}`)
      .all(query);
    const rows = this.deps.store
      .prepare<[string, string], Row & { fts: number }>(
        `${select} WHERE ${table} MATCH ? AND h.rowid IN (SELECT value FROM json_each(?))`,
      )
      .all(query, JSON.stringify(ranked.map((hit) => hit.fts)));
    const byFts = new Map(rows.map((row) => [row.fts, row]));
    return ranked.flatMap(({ fts, rank }) => {
      const row = byFts.get(fts);
      return row ? [toHit(row, rank)] : [];
    });
  }
}
