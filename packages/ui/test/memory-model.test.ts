import { describe, expect, it } from 'vitest';
import { emptyFleet, type MemoryEntry } from '@switchboard/protocol';
import {
  draftOf,
  emptyDraft,
  namespaceLabel,
  putInputOf,
  snippetParts,
  valuePreview,
} from '../src/views/memory/memory-model';

describe('memory browser model', () => {
  it('names namespaces after the fleet: teams and agents by name, unknown ids as they are', () => {
    const fleet = {
      ...emptyFleet,
      teams: { t1: { id: 't1', name: 'web' } },
      agents: { a1: { id: 'a1', name: 'alice' } },
    } as never;
    expect(namespaceLabel(fleet, 'global')).toBe('global');
    expect(namespaceLabel(fleet, 'team:t1')).toBe('team web');
    expect(namespaceLabel(fleet, 'agent:a1')).toBe('agent alice');
    expect(namespaceLabel(fleet, 'agent:gone')).toBe('agent gone');
    expect(namespaceLabel(fleet, 'plan:0123456789abcdef')).toBe('plan 01234567…');
    // After the first snapshot, a closed agent's own space is named as its entries' author is: marked "(closed)".
    const watched = { ...(fleet as object), sequence: 4, formerNames: { gone: 'bob' } } as never;
    expect(namespaceLabel(watched, 'agent:gone')).toBe('agent bob (closed)');
    expect(namespaceLabel(watched, 'agent:a1')).toBe('agent alice');
  });

  it('splits a snippet into matched and plain runs', () => {
    expect(snippetParts('…the ⟦deploy⟧ of ⟦api⟧')).toEqual([
      { text: '…the ', match: false },
      { text: 'deploy', match: true },
      { text: ' of ', match: false },
      { text: 'api', match: true },
    ]);
    expect(snippetParts('no match')).toEqual([{ text: 'no match', match: false }]);
    // A bidi override an agent wrote is written out, not applied (it would make the rest read reversed).
    expect(snippetParts('Delete \u202Emth.⟦xedni⟧/')).toEqual([
      { text: 'Delete [U+202E]mth.', match: false },
      { text: 'xedni', match: true },
      { text: '/', match: false },
    ]);
    expect(snippetParts('⟦a\u2066b⟧')).toEqual([{ text: 'a[U+2066]b', match: true }]);
  });

  it('previews a value on one line, cut at the limit', () => {
    expect(valuePreview({ kind: 'text', value: 'a\n  b' })).toBe('a b');
    expect(valuePreview({ kind: 'json', value: { a: [1, 2] } })).toBe('{"a":[1,2]}');
    expect(valuePreview({ kind: 'text', value: 'x'.repeat(10) }, 5)).toBe('xxxx…');
    expect(valuePreview({ kind: 'text', value: 'Delete \u202Emth.xedni/' })).toBe(
      'Delete [U+202E]mth.xedni/',
    );
    expect(valuePreview({ kind: 'json', value: { k: '\u202Dx' } })).toBe('{"k":"[U+202D]x"}');
  });

  it('turns a draft into memory.put input, or says why not', () => {
    expect(putInputOf({ ...emptyDraft, key: 'k', value: 'v', tags: 'a, b c', ttlSeconds: '60' })).toEqual({
      input: { namespace: 'global', key: 'k', value: 'v', tags: ['a', 'b', 'c'], ttlSeconds: 60 },
    });
    expect(putInputOf({ ...emptyDraft, key: 'k', value: '{"a":1}', json: true })).toEqual({
      input: { namespace: 'global', key: 'k', value: { a: 1 }, tags: [] },
    });
    expect(putInputOf({ ...emptyDraft, key: 'k', value: '{oops', json: true })).toMatchObject({
      problem: expect.stringContaining('not JSON'),
    });
    expect(putInputOf({ ...emptyDraft, key: 'k', value: 'v', ttlSeconds: 'soon' })).toMatchObject({
      problem: expect.stringContaining('seconds'),
    });
    const entry = {
      namespace: 'global',
      key: 'k',
      value: { a: 1 },
      kind: 'json',
      tags: ['x'],
    } as MemoryEntry;
    expect(putInputOf(draftOf(entry))).toEqual({
      input: { namespace: 'global', key: 'k', value: { a: 1 }, tags: ['x'] },
    });
  });
});
