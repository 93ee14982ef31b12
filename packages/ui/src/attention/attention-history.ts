import type { AttentionItem } from '@switchboard/protocol';
import type { AttentionItems } from './attention-centre';
import type { AttentionSection } from './attention-centre';

/** The host's order (attention.list): newest created first; ties by id, newest first. */
const newestFirst = (a: AttentionItem, b: AttentionItem) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

export interface Bounded {
  items: AttentionItems;
  /** How many closed items were let go (the host still has them). */
  dropped: number;
  /** The oldest closed item kept, when some were let go: where "Load older" pages on from. */
  oldestKept: string | null;
}

/**
 * At most `maxClosed` closed (dismissed or resolved) items, the newest kept; open items are never let go
 * (they still need the person). Pure; returns `items` itself when nothing is over the bound.
 */
export function boundAttention(items: AttentionItems, maxClosed: number): Bounded {
  const closed = Object.values(items).filter((i) => i.status !== 'open');
  if (closed.length <= maxClosed) return { items, dropped: 0, oldestKept: null };
  closed.sort(newestFirst);
  const next = { ...items };
  for (const item of closed.slice(maxClosed)) delete next[item.id];
  return {
    items: next,
    dropped: closed.length - maxClosed,
    oldestKept: maxClosed > 0 ? closed[maxClosed - 1]!.id : null,
  };
}

/** Items of a page from the host added to what the centre holds; what it holds is newer and wins. Pure. */
export function mergeOlder(items: AttentionItems, page: readonly AttentionItem[]): AttentionItems {
  const fresh = page.filter((i) => !(i.id in items));
  return fresh.length === 0 ? items : { ...Object.fromEntries(fresh.map((i) => [i.id, i])), ...items };
}

/** One line of the centre's (virtualised) list: a group's heading or one of its items. */
export type CentreRow =
  | { type: 'head'; key: string; section: AttentionSection }
  | { type: 'item'; key: string; item: AttentionItem };

/** The sections as one flat list of rows, each heading before its items. Pure. */
export function flattenSections(sections: readonly AttentionSection[]): CentreRow[] {
  const rows: CentreRow[] = [];
  for (const section of sections) {
    rows.push({ type: 'head', key: `head:${section.kind}`, section });
    for (const item of section.items) rows.push({ type: 'item', key: item.id, item });
  }
  return rows;
}

/** The item row `step` rows away from `fromKey` (headings skipped), clamped to the list; null when empty. Pure. */
export function stepRow(rows: readonly CentreRow[], fromKey: string | null, step: number): string | null {
  const items = rows.filter((r) => r.type === 'item');
  if (items.length === 0) return null;
  const at = fromKey === null ? -1 : items.findIndex((r) => r.key === fromKey);
  if (at === -1) return items[0]!.key;
  return items[Math.max(0, Math.min(items.length - 1, at + step))]!.key;
}
