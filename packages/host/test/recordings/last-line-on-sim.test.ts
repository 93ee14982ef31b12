// An agent card's last line (the UI reads it with pane.read `logical`) on real shells in the embedded iTerm2-API
// server: a line longer than the pane wraps over two rows, and the last line with text is the whole line, not
// its wrapped tail (before session 22 the card showed 'w0014 … w0021 end-of-long').
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import type { CommandOutput } from '@switchboard/protocol';
import { closeRecordedHosts, recordedHost } from './recorded-host';

afterAll(closeRecordedHosts);

/** The last line with text, as the UI's card takes it (ui/src/health/last-lines.ts). */
const lastLineOf = (lines: string[]) => lines.map((line) => line.trim()).findLast(Boolean);

describe('pane.read logical on the embedded server', () => {
  it("gives a wrapped line whole, so the card's last line is the line, not its tail", async () => {
    const { backend, human, spawn } = await recordedHost({});
    const agent = await spawn('wrapper');
    const words = Array.from({ length: 21 }, (_, i) => `w${String(i + 1).padStart(4, '0')}`).join(' ');
    // 150 characters on an 80-column pane: two rows. The typed command spells neither the words nor the marker.
    await backend.sendText(
      agent.paneId,
      `clear; printf 'w%04d ' $(seq 1 21); echo end-of""-long; sleep 600\r`,
    );
    const read = (logical: boolean) =>
      human<CommandOutput<'pane.read'>>('pane.read', { targets: ['wrapper'], lines: 20, logical });
    const rows = await eventually(
      async () => {
        const lines = (await read(false)).screens[0]!.lines;
        return lines.some((line) => line.includes('end-of-long')) ? lines : undefined;
      },
      30_000,
      'the long line on screen',
    );
    expect(lastLineOf(rows)).not.toContain('w0001');
    const logical = (await read(true)).screens[0]!.lines;
    expect(lastLineOf(logical)).toBe(`${words} end-of-long`);
  });
});
