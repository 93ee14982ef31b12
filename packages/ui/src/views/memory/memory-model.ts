import { bidiShown, type CommandInput, type FleetState, type MemoryEntry } from '@switchboard/protocol';
import { callerName } from '../../store/selectors';

/** A namespace as a person reads it: `team web`, `agent alice`, `plan 3f2a…`, `global`. */
export function namespaceLabel(state: FleetState, namespace: string): string {
  const [kind, id] = namespace.split(/:(.*)/s) as [string, string | undefined];
  if (id === undefined) return namespace;
  if (kind === 'team') return `team ${state.teams[id]?.name ?? id}`;
  // A closed agent's own space: "agent alice (closed)", as its entries' author reads.
  if (kind === 'agent') return `agent ${callerName(state, id)}`;
  return `${kind} ${id.length > 12 ? `${id.slice(0, 8)}…` : id}`;
}

/**
 * A snippet's text in runs, `match` true between ⟦ and ⟧ (what the search matched), bidi overrides written out
 * (`bidiShown`: an agent's text is shown as written, not reversed by a U+202E in it).
 */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  return snippet
    .split(/(⟦[^⟧]*⟧)/u)
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('⟦') && part.endsWith('⟧')
        ? { text: bidiShown(part.slice(1, -1)), match: true }
        : { text: bidiShown(part), match: false },
    );
}

/** The value on one line, for a list row, bidi overrides written out. */
export function valuePreview(entry: Pick<MemoryEntry, 'kind' | 'value'>, max = 160): string {
  const text = entry.kind === 'json' ? JSON.stringify(entry.value) : String(entry.value);
  const line = bidiShown(text.replace(/\s+/g, ' ').trim());
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** What the editor holds: everything as typed. */
export interface EntryDraft {
  namespace: string;
  key: string;
  value: string;
  json: boolean;
  tags: string;
  ttlSeconds: string;
}

export const emptyDraft: EntryDraft = {
  namespace: 'global',
  key: '',
  value: '',
  json: false,
  tags: '',
  ttlSeconds: '',
};

export function draftOf(entry: MemoryEntry): EntryDraft {
  return {
    namespace: entry.namespace,
    key: entry.key,
    json: entry.kind === 'json',
    tags: entry.tags.join(', '),
    ttlSeconds: '',
    value: entry.kind === 'json' ? JSON.stringify(entry.value, null, 2) : String(entry.value),
  };
}

/** The `memory.put` input for a draft, or why there is none yet (JSON that does not parse, a TTL that is no number). */
export function putInputOf(draft: EntryDraft): { input: CommandInput<'memory.put'> } | { problem: string } {
  let value: unknown = draft.value;
  if (draft.json) {
    try {
      value = JSON.parse(draft.value);
    } catch (error) {
      return { problem: `The value is not JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const tags = draft.tags.split(/[\s,]+/).filter((tag) => tag !== '');
  const ttl = draft.ttlSeconds.trim();
  if (ttl !== '' && !/^\d+$/.test(ttl))
    return { problem: 'Forget after: a number of seconds, or empty to keep' };
  return {
    input: {
      namespace: draft.namespace.trim(),
      key: draft.key,
      value: value as never,
      tags,
      ...(ttl === '' ? {} : { ttlSeconds: Number(ttl) }),
    },
  };
}
