// Whether Gemini CLI would resume a session, read from its chat file: only the file's first bytes (session 27).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesReadByThisThread as bytesRead } from '../../src/testing/bytes-read';
import { geminiSessionResumable, MAX_CHAT_SCAN_BYTES } from '../../src/wiring/gemini-sessions';

const ID = '0a1b2c3d-0000-4000-8000-000000000001';
const MB = 1024 * 1024;

/** Bytes this thread has passed to read(2) so far (Linux: /proc/thread-self/io), counted around a call. */
function readingOf<T>(call: () => T): { value: T; read: number } {
  const before = bytesRead();
  const value = call();
  // The io file's own read, counted in the second look, is a few hundred bytes.
  return { value, read: bytesRead() - before };
}

/** A Gemini CLI home with one chat file (`name` in `<home>/.gemini/tmp/proj/chats/`) holding `lines`. */
function home(lines: string[], name = `session-2026-12-08T05-00-${ID.slice(0, 8)}.jsonl`) {
  const folder = mkdtempSync(join(tmpdir(), 'sb-gemini-big-'));
  const chats = join(folder, '.gemini', 'tmp', 'proj', 'chats');
  mkdirSync(chats, { recursive: true });
  writeFileSync(join(chats, name), lines.join('\n') + '\n');
  return { folder, file: join(chats, name) };
}
const meta = (id: string) => JSON.stringify({ sessionId: id, projectHash: 'h', kind: 'main' });
const user = (text: string) => JSON.stringify({ id: 'u', type: 'user', content: [{ text }] });
const context = JSON.stringify({
  $set: { messages: [{ id: 'c', type: 'user', content: [{ text: '<session_context>\nGemini CLI.' }] }] },
});
/** A model answer of `bytes` bytes, one line (a turn with a long tool output). */
const answer = (bytes: number) => JSON.stringify({ id: 'g', type: 'gemini', content: 'x'.repeat(bytes) });

describe('geminiSessionResumable on a chat file of many MB', () => {
  it('reads at most MAX_CHAT_SCAN_BYTES of a 24 MB conversation, and resumes it', () => {
    const { folder } = home([
      meta(ID),
      context,
      user('ping'),
      ...Array.from({ length: 24 }, () => answer(MB)),
    ]);
    const { value, read } = readingOf(() => geminiSessionResumable(folder, ID));
    expect(value).toBe(true);
    // Before: the whole file (25 MB) was read into one string.
    expect(read).toBeLessThanOrEqual(MAX_CHAT_SCAN_BYTES + 4096);
  });

  it('a first turn longer than the part read: resumable, the id from the first line', () => {
    const { folder } = home([meta(ID), context, user('y'.repeat(3 * MB))]);
    const { value, read } = readingOf(() => geminiSessionResumable(folder, ID));
    expect(value).toBe(true);
    expect(read).toBeLessThanOrEqual(MAX_CHAT_SCAN_BYTES + 4096);
  });

  it("another session's large file with the same first 8 characters is not this one's", () => {
    const other = `${ID.slice(0, 8)}-ffff-4fff-8fff-ffffffffffff`;
    const { folder } = home([meta(other), context, user('ping'), answer(3 * MB)]);
    expect(geminiSessionResumable(folder, ID)).toBe(false);
    expect(geminiSessionResumable(folder, other)).toBe(true);
  });

  it('a legacy document (one pretty-printed JSON) larger than the part read names the id at its top', () => {
    const record = {
      sessionId: ID,
      projectHash: 'h',
      messages: [{ id: 'u', type: 'user', content: 'ping' }, JSON.parse(answer(2 * MB)) as object],
    };
    const name = `session-2026-12-08T05-00-${ID.slice(0, 8)}.json`;
    const { folder } = home([JSON.stringify(record, null, 2)], name);
    const { value, read } = readingOf(() => geminiSessionResumable(folder, ID));
    expect(value).toBe(true);
    expect(read).toBeLessThanOrEqual(MAX_CHAT_SCAN_BYTES + 4096);
    const small = home([JSON.stringify({ ...record, messages: record.messages.slice(0, 1) }, null, 2)], name);
    expect(geminiSessionResumable(small.folder, ID)).toBe(true);
  });

  it('a session with nothing said, however its file ends, is not resumable; a torn last line is skipped', () => {
    const { folder, file } = home([meta(ID), context]);
    appendFileSync(file, '{"id":"u","type":"user","content":[{"te');
    expect(geminiSessionResumable(folder, ID)).toBe(false);
  });

  it('a FIFO in place of the chat file is not opened for a writer to come: not resumable, at once', () => {
    const { folder, file } = home([]);
    const fifo = file.replace('.jsonl', '.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // Before: readFileSync blocked the thread until a writer opened the FIFO (for ever, here).
    expect(geminiSessionResumable(folder, ID)).toBe(false);
  });
});
