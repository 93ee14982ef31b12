import { describe, expect, it } from 'vitest';
import { splitBeforeAnsweringBytes } from '../../src/panes/pane-keys';

describe('splitBeforeAnsweringBytes', () => {
  it('starts a new part at every Enter, newline, Escape, Ctrl+C and Ctrl+D, keeping escape sequences whole', () => {
    expect(splitBeforeAnsweringBytes('yes\r')).toEqual(['yes', '\r']);
    expect(splitBeforeAnsweringBytes('\rabc\r\ndef')).toEqual(['\rabc', '\r', '\ndef']);
    expect(splitBeforeAnsweringBytes('up\u001b[A\u001b[Bx')).toEqual(['up', '\u001b[A', '\u001b[Bx']);
    expect(splitBeforeAnsweringBytes('a\u0003b\u0004')).toEqual(['a', '\u0003b', '\u0004']);
    expect(splitBeforeAnsweringBytes('plain text')).toEqual(['plain text']);
    expect(splitBeforeAnsweringBytes('')).toEqual([]);
  });

  it('loses and reorders nothing', () => {
    const text = 'line 1\nline 2\r\u001b[200~pasted\u001b[201~\r';
    expect(splitBeforeAnsweringBytes(text).join('')).toBe(text);
  });
});
