import { describe, expect, it } from 'vitest';
import { AttentionItem } from '@switchboard/protocol';
import type { AttentionItems } from '../src/attention/attention-centre';
import { groupAttention } from '../src/attention/attention-centre';
import { boundAttention, flattenSections, mergeOlder, stepRow } from '../src/attention/attention-history';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
function item(
  n: number,
  status: AttentionItem['status'],
  kind: AttentionItem['kind'] = 'error',
): AttentionItem {
  return AttentionItem.parse({
    id: `item-${String(n).padStart(3, '0')}`,
    kind,
    severity: 'critical',
    status,
    agentId: null,
    agentName: null,
    teamId: null,
    title: `item ${n}`,
    body: '',
    group: kind,
    occurrences: 1,
    silenced: null,
    approvalId: null,
    target: null,
    createdAt: at(n),
    updatedAt: at(n),
  });
}
const byId = (items: AttentionItem[]): AttentionItems => Object.fromEntries(items.map((i) => [i.id, i]));

describe('the attention centre stays bounded', () => {
  it('lets go of the oldest closed items beyond the bound, counted, and never of an open one', () => {
    const items = byId([
      item(1, 'open'),
      item(2, 'resolved'),
      item(3, 'dismissed'),
      item(4, 'open'),
      item(5, 'resolved'),
      item(6, 'resolved'),
    ]);
    const bounded = boundAttention(items, 2);
    expect(Object.keys(bounded.items).sort()).toEqual(['item-001', 'item-004', 'item-005', 'item-006']);
    expect(bounded.dropped).toBe(2);
    expect(bounded.oldestKept).toBe('item-005');
    expect(Object.keys(items)).toHaveLength(6); // pure
    expect(boundAttention(items, 4).items).toBe(items);
    expect(boundAttention(items, 0).items).toEqual(byId([item(1, 'open'), item(4, 'open')]));
  });

  it('an older page adds what is missing; what the centre holds is newer and wins', () => {
    const held = byId([item(5, 'resolved'), item(6, 'open')]);
    const page = [{ ...item(5, 'open') }, item(4, 'dismissed')];
    const merged = mergeOlder(held, page);
    expect(merged['item-005']!.status).toBe('resolved');
    expect(merged['item-004']!.status).toBe('dismissed');
    expect(mergeOlder(held, [item(5, 'open')])).toBe(held);
  });

  it('the flat list puts each heading before its items; the cursor moves over items only, clamped', () => {
    const sections = groupAttention([item(3, 'open', 'waiting_for_input'), item(2, 'open'), item(1, 'open')]);
    const rows = flattenSections(sections);
    expect(rows.map((r) => r.key)).toEqual([
      'head:waiting_for_input',
      'item-003',
      'head:error',
      'item-002',
      'item-001',
    ]);
    expect(stepRow(rows, null, 0)).toBe('item-003');
    expect(stepRow(rows, 'item-003', 1)).toBe('item-002');
    expect(stepRow(rows, 'item-002', 10)).toBe('item-001');
    expect(stepRow(rows, 'item-002', -10)).toBe('item-003');
    expect(stepRow(rows, 'gone', 1)).toBe('item-003');
    expect(stepRow([], null, 1)).toBeNull();
  });
});
