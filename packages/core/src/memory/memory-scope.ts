/**
 * The search index's `scope` column: one token per entry naming its namespace, so that an agent's search asks
 * FTS5 for the matches in its own namespaces instead of reading every match and dropping the others' (an agent
 * reading 3 namespaces of 20 read ~7× the matches the human did for the same 250).
 *
 * The token is U+E000 followed by the namespace's UTF-8 bytes in hex (the migration's generated column
 * `char(57344) || hex(namespace)`): the tokenizer keeps a private-use character inside a token, and a query's
 * words (letters and digits only, `fts-query.ts`) can never hold one, so no typed word matches a scope token,
 * nor any of its prefixes (the index has prefix indexes of 2 and 3 characters). The hex is exact: two
 * namespaces never share a token. The SQL filter on `namespace` stays: the scope narrows what FTS5 returns,
 * it does not decide who sees what.
 */
const SCOPE_MARK = '\uE000';

/** The scope token of a namespace, as the generated column `scope` holds it. */
export const scopeTokenOf = (namespace: string): string =>
  SCOPE_MARK + Buffer.from(namespace, 'utf8').toString('hex').toUpperCase();

/** The query's FTS5 text restricted to entries of these namespaces (at least one). */
export function scopedFts(fts: string, namespaces: readonly string[]): string {
  return `(${fts}) AND scope : (${namespaces.map((namespace) => `"${scopeTokenOf(namespace)}"`).join(' OR ')})`;
}
