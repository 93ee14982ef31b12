import { describe, expect, it } from 'vitest';
import { shownBody } from '../src/views/shown-text';

describe('a message body as shown', () => {
  it('writes bidi embeddings, overrides and isolates out, cut first, the rest as written', () => {
    expect(shownBody('a\u202Ab\u202Ec\u2066d\u2069e')).toBe('a[U+202A]b[U+202E]c[U+2066]d[U+2069]e');
    expect(shownBody('שלום, hello\né')).toBe('שלום, hello\né');
    expect(shownBody('abc\u202Edef', 4)).toBe('abc[U+202E]…');
    expect(shownBody('abcdef', 6)).toBe('abcdef');
  });
});
