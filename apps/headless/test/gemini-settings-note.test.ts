import { chmodSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderOthersMayWrite, geminiSettingsNote } from '../src/gemini-settings-note';

// Found by use (session 25): with the data folder under /tmp, `gemini mcp list` in a spawned gemini agent's settings
// said "No MCP servers configured" (Gemini CLI 0.61: "Parent directory '/tmp' is insecure"), and nothing told the
// person. `switchboard start` now says so.
describe('switchboard start: a data folder below a folder others may write', () => {
  it('names the first such folder on the way up, even for a data folder not made yet', () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'sb-gemini-note-')));
    const open = join(base, 'open');
    mkdirSync(join(open, 'private'), { recursive: true });
    chmodSync(open, 0o777);
    chmodSync(join(open, 'private'), 0o700);
    expect(folderOthersMayWrite(join(open, 'private', 'data', 'not-yet'))).toBe(open);
    expect(geminiSettingsNote(join(open, 'private'))).toMatch(
      new RegExp(`^Note: ${open} \\(above the data folder\\) is writable by others: Gemini CLI ignores`),
    );
  });

  it('says nothing when no folder on the way up is writable by others', () => {
    expect(folderOthersMayWrite('/')).toBeUndefined();
    expect(geminiSettingsNote('/')).toBeUndefined();
  });
});
