/**
 * Sets `key` as the newest entry of an insertion-ordered Map (or Set, `value` omitted) and drops the oldest entries past
 * `limit`: for records kept per pane or tab ever seen (a closed pane's tombstone, a tab's last selection), where only
 * the recent ones can still matter and a long run would otherwise keep one per pane it ever had.
 */
export function keepRecent<K, V>(collection: Map<K, V>, key: K, value: V, limit: number): void;
export function keepRecent<K>(collection: Set<K>, key: K, value: undefined, limit: number): void;
export function keepRecent<K, V>(collection: Map<K, V> | Set<K>, key: K, value: V, limit: number): void {
  collection.delete(key);
  if (collection instanceof Map) collection.set(key, value);
  else collection.add(key);
  for (const oldest of collection.keys()) {
    if (collection.size <= limit) break;
    collection.delete(oldest);
  }
}
