// Recordings of real shells behind the embedded iTerm2-API server: what was recorded replays to the
// screens seen live at the same moments (frame by frame, and as asciicast played in a real terminal
// emulator), a flood (`yes | cat -n`) stays within its bounds with the drop said, and no secret printed
// in a pane reaches anything stored.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { KEY_BYTES, type CommandOutput, type RecordedFrame } from '@switchboard/protocol';
import { playAsciicast } from './play-asciicast';
import { closeRecordedHosts, recordedHost } from './recorded-host';

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
afterAll(closeRecordedHosts);
const trimmed = (lines: readonly string[]) => lines.map((line) => line.trimEnd());

function replay(frames: readonly RecordedFrame[]): string[] {
  let lines: string[] = [];
  for (const frame of frames) {
    if (frame.full) lines = new Array<string>(frame.rows).fill('');
    for (const change of frame.changes) lines[change.row] = change.text;
  }
  return lines;
}

describe('recordings on the embedded iTerm2-API server', () => {
  it('replays to the screens seen live at the same moments, frame by frame and as asciicast in a terminal emulator', async () => {
    const { backend, human, spawn } = await recordedHost({ intervalMs: 50 });
    const agent = await spawn('printer');
    const live: { at: number; lines: string[] }[] = [];
    for (const [i, command] of [
      'echo one-$((6*7))',
      'printf "two\\n  indented\\n"',
      'echo three; echo "$((1+2))-done"',
    ].entries()) {
      await backend.sendText(agent.paneId, `${command}\r`);
      await eventually(
        async () => {
          const lines = (await backend.readScreen(agent.paneId)).lines.filter((line) => line.trim() !== '');
          return (
            lines.some((line) => line.includes(['one-42', 'indented', '3-done'][i]!)) &&
            lines.at(-1)!.trimEnd() === '$'
          );
        },
        30_000,
        `command ${i} and the prompt after it`,
      );
      // The shell is idle at its prompt: this screen stays; the recorder has it once it has read the pane since.
      const lines = (await backend.readScreen(agent.paneId)).lines;
      await eventually(
        async () => {
          const { frames } = await human<CommandOutput<'recording.frames'>>('recording.frames', {
            agent: 'printer',
            limit: 5000,
          });
          return trimmed(replay(frames)).join('\n') === trimmed(lines).join('\n');
        },
        30_000,
        `the recording catching up with command ${i}`,
      );
      live.push({ at: Date.now(), lines });
    }
    const { frames } = await human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: 'printer',
      limit: 5000,
    });
    for (const moment of live) {
      const upTo = frames.filter((frame) => frame.at <= moment.at);
      expect(trimmed(replay(upTo))).toEqual(trimmed(moment.lines));
    }
    const cast = await human<CommandOutput<'recording.export'>>('recording.export', {
      agent: 'printer',
      format: 'asciicast',
    });
    expect(cast.fileName).toMatch(/^printer-.*\.cast$/);
    const played = await playAsciicast(cast.content);
    expect(played.header).toMatchObject({
      version: 2,
      width: expect.any(Number),
      height: live[0]!.lines.length,
      title: expect.stringContaining('printer'),
    });
    expect(trimmed(played.screen)).toEqual(trimmed(live.at(-1)!.lines));
    // What the shell printed is found by the fleet search, under the agent, at the moment it appeared.
    const found = await eventually(
      async () => {
        const result = await human<CommandOutput<'fleet.search'>>('fleet.search', {
          query: 'indented',
          sources: ['recording'],
        });
        return result.total > 0 ? result : undefined;
      },
      30_000,
      'the printed line found',
    );
    expect(found.groups.map((group) => group.agentId)).toEqual([agent.id]);
    expect(found.groups[0]!.hits[0]!.recording!.at).toBeLessThanOrEqual(live[1]!.at);
    // A line longer than the pane wraps; the index keeps it whole, so a word broken at the pane's edge is one word.
    await backend.sendText(agent.paneId, 'for i in $(seq 1 32); do printf "w%04d " $i; done; echo\r');
    for (const words of [
      [1, 16],
      [17, 32],
    ]) {
      const query = Array.from({ length: 16 }, (_, k) => `w${String(words[0]! + k).padStart(4, '0')}`).join(
        ' ',
      );
      await eventually(
        async () =>
          (await human<CommandOutput<'fleet.search'>>('fleet.search', { query, sources: ['recording'] }))
            .total > 0 || undefined,
        30_000,
        `the wrapped line found by ${query}`,
      );
    }
    const text = await human<CommandOutput<'recording.export'>>('recording.export', { agent: 'printer' });
    expect(text.content).toMatch(/\dZ {2}one-42\n/);
    expect(text.content.indexOf('one-42')).toBeLessThan(text.content.indexOf('3-done'));
    // The wrapped line is one line in the transcript too.
    expect(text.content).toMatch(/Z {2}w0001 w0002 .*w0013 w0014 w0015 .*w0032/);
  });

  it('stays within its bounds under a flood (yes | cat -n), the oldest chunks dropped and the drop said', async () => {
    // Chunks close by time here, not by size (a busy pane is read about once a second): with the default 5 s
    // `flushMs`, a 12 KiB bound of ~1 KiB chunks took a minute (69 s) to pass; 1 s chunks under a 4 KiB bound
    // prove the same (bound kept, oldest dropped, the drop said) in ~6 s.
    const perAgent = 4 * 1024;
    const { backend, human, spawn, dataDir } = await recordedHost({
      flushMs: 1_000,
      chunkBytes: 2 * 1024,
      maxBytesPerAgent: perAgent,
      maxBytesTotal: 64 * 1024,
    });
    const flood = await spawn('flood');
    await backend.sendText(flood.paneId, 'yes | cat -n\r');
    const listed = await eventually(
      async () => {
        const { recordings } = await human<CommandOutput<'recording.list'>>('recording.list', {
          agent: 'flood',
        });
        return recordings[0]?.droppedUntil ? recordings[0] : undefined;
      },
      90_000,
      'a chunk dropped',
    );
    await backend.sendText(flood.paneId, KEY_BYTES['ctrl+c']);
    expect(listed.bytes).toBeLessThanOrEqual(perAgent);
    expect(Date.parse(listed.from!)).toBeGreaterThan(Date.parse(listed.droppedUntil!));
    const folder = join(dataDir, 'recordings', flood.id);
    const sizes = readdirSync(folder).map((file) => statSync(join(folder, file)).size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(perAgent);
    const { frames, droppedUntil } = await human<CommandOutput<'recording.frames'>>('recording.frames', {
      agent: 'flood',
      limit: 5000,
    });
    expect(frames[0]!.at).toBeGreaterThan(Date.parse(droppedUntil!));
    expect(replay(frames).some((line) => /^\s*\d+\s+y$/.test(line))).toBe(true);
  }, 120_000);

  it('keeps no secret printed in a pane: chunk files, database and exports hold the redaction marker instead', async () => {
    const { backend, human, spawn, dataDir } = await recordedHost({ chunkBytes: 1024 });
    const agent = await spawn('leaky');
    // The command line itself does not hold the key; its output does.
    await backend.sendText(agent.paneId, "printf 'key=AKIA%s\\n' IOSFODNN7EXAMPLE\r");
    await eventually(
      async () => (await backend.readScreen(agent.paneId)).lines.some((line) => line.includes(AWS_KEY)),
      30_000,
      'the key on screen',
    );
    await eventually(
      async () => {
        const { frames } = await human<CommandOutput<'recording.frames'>>('recording.frames', {
          agent: 'leaky',
        });
        return replay(frames).some((line) => line.startsWith('key=[REDACTED'));
      },
      30_000,
      'the line recorded, redacted',
    );
    const exported = (
      await human<CommandOutput<'recording.export'>>('recording.export', {
        agent: 'leaky',
        format: 'asciicast',
      })
    ).content;
    expect(exported).toContain('[REDACTED');
    expect(exported).not.toContain(AWS_KEY);
    await human('agent.close', { agent: 'leaky' });
    // A closed agent's open chunk is written with the next index batch, or first thing when a reader asks (here).
    await human('recording.list', {});
    const stored: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else
          stored.push(
            name.endsWith('.gz')
              ? gunzipSync(readFileSync(path)).toString('utf8')
              : readFileSync(path).toString('latin1'),
          );
      }
    };
    walk(join(dataDir, 'recordings'));
    expect(stored.join('\n')).toContain('[REDACTED');
    stored.length = 0;
    walk(dataDir);
    expect(stored.join('\n')).not.toContain(AWS_KEY);
  });
});
