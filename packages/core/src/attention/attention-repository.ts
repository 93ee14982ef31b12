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

  /** `about` (what the item is about besides its agent and kind, `Occurrence.about`) is kept from the first save. */
  save(item: AttentionItem, about = ''): void {
    this.prepared(
      `INSERT INTO attention_items (id, kind, agent_key, status, created_ms, item, about) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, status = excluded.status, item = excluded.item`,
    ).run(
      item.id,
      item.kind,
      agentKey(item.agentId),
      item.status,
      Date.parse(item.createdAt),
      JSON.stringify(item),
      about,
    );
  }

  find(id: string): AttentionItem | undefined {
    const row = this.prepared<[string], { item: string }>(
      'SELECT item FROM attention_items WHERE id = ?',
    ).get(id);
    return row ? (JSON.parse(row.item) as AttentionItem) : undefined;
  }

  /** The open item of an agent, kind and `about` (at most one is kept open). */
  findOpen(agentId: string | null, kind: AttentionKind, about: string): AttentionItem | undefined {
    const row = this.prepared<[string, string, string], { item: string }>(
      "SELECT item FROM attention_items WHERE status = 'open' AND agent_key = ? AND kind = ? AND about = ? ORDER BY created_ms DESC LIMIT 1",
    ).get(agentKey(agentId), kind, about);
    return row ? (JSON.parse(row.item) as AttentionItem) : undefined;
  }

  /** The newest item of an agent, kind and `about`, open or not. */
  findLatest(agentId: string | null, kind: AttentionKind, about: string): AttentionItem | undefined {
    const row = this.prepared<[string, string, string], { item: string }>(
      'SELECT item FROM attention_items WHERE agent_key = ? AND kind = ? AND about = ? ORDER BY created_ms DESC, rowid DESC LIMIT 1',
    ).get(agentKey(agentId), kind, about);
    return row ? (JSON.parse(row.item) as AttentionItem) : undefined;
  }

  /** An agent's open items, each with what it is about. */
  openOf(agentId: string | null): { item: AttentionItem; about: string }[] {
    return this.prepared<[string], { item: string; about: string }>(
      "SELECT item, about FROM attention_items WHERE status = 'open' AND agent_key = ?",
    )
      .all(agentKey(agentId))
      .map((row) => ({ item: JSON.parse(row.item) as AttentionItem, about: row.about }));
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
