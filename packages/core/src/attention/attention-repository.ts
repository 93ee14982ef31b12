import type { AttentionItem, AttentionKind, AttentionSettings } from '@switchboard/protocol';
import type { Store } from '../store/store';

/** The key of an agent in the table; notifications about no agent share one. */
export const agentKey = (agentId: string | null) => agentId ?? '-';

/** SQL for notifications and the attention settings; no rules here. */
export class AttentionRepository {
  private readonly prepared: Store['prepare'];

  constructor(store: Store) {
    this.prepared = store.prepare;
  }

  save(item: AttentionItem): void {
    this.prepared(
      `INSERT INTO attention_items (id, kind, agent_key, status, created_ms, item) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, status = excluded.status, item = excluded.item`,
    ).run(
      item.id,
      item.kind,
      agentKey(item.agentId),
      item.status,
      Date.parse(item.createdAt),
      JSON.stringify(item),
    );
  }

  find(id: string): AttentionItem | undefined {
    const row = this.prepared<[string], { item: string }>(
      'SELECT item FROM attention_items WHERE id = ?',
    ).get(id);
    return row ? (JSON.parse(row.item) as AttentionItem) : undefined;
  }

  /** The open item of an agent and kind (at most one is kept open). */
  findOpen(agentId: string | null, kind: AttentionKind): AttentionItem | undefined {
    const row = this.prepared<[string, string], { item: string }>(
      "SELECT item FROM attention_items WHERE status = 'open' AND agent_key = ? AND kind = ? ORDER BY created_ms DESC LIMIT 1",
    ).get(agentKey(agentId), kind);
    return row ? (JSON.parse(row.item) as AttentionItem) : undefined;
  }

  /** The newest item of an agent and kind, open or not. */
  findLatest(agentId: string | null, kind: AttentionKind): AttentionItem | undefined {
    const row = this.prepared<[string, string], { item: string }>(
      'SELECT item FROM attention_items WHERE agent_key = ? AND kind = ? ORDER BY created_ms DESC, rowid DESC LIMIT 1',
    ).get(agentKey(agentId), kind);
    return row ? (JSON.parse(row.item) as AttentionItem) : undefined;
  }

  openOf(agentId: string | null): AttentionItem[] {
    return this.prepared<[string], { item: string }>(
      "SELECT item FROM attention_items WHERE status = 'open' AND agent_key = ?",
    )
      .all(agentKey(agentId))
      .map((row) => JSON.parse(row.item) as AttentionItem);
  }

  /** Newest first; `before` (an item id) pages on: only items older than it (created earlier, or stored before it). */
  list(includeClosed: boolean, limit: number, before?: string): AttentionItem[] {
    const conditions = [
      ...(includeClosed ? [] : ["status = 'open'"]),
      ...(before === undefined
        ? []
        : ['(created_ms, rowid) < (SELECT created_ms, rowid FROM attention_items WHERE id = @before)']),
    ];
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.prepared<[{ limit: number; before?: string }], { item: string }>(
      `SELECT item FROM attention_items ${where} ORDER BY created_ms DESC, rowid DESC LIMIT @limit`,
    )
      .all(before === undefined ? { limit } : { limit, before })
      .map((row) => JSON.parse(row.item) as AttentionItem);
  }

  settings(): AttentionSettings | undefined {
    const row = this.prepared<[], { settings: string }>(
      'SELECT settings FROM attention_settings WHERE id = 1',
    ).get();
    return row ? (JSON.parse(row.settings) as AttentionSettings) : undefined;
  }

  saveSettings(settings: AttentionSettings): void {
    this.prepared(
      'INSERT INTO attention_settings (id, settings) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET settings = excluded.settings',
    ).run(JSON.stringify(settings));
  }
}
