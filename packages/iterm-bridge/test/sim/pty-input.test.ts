import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IPty } from 'node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PENDING_INPUT_BYTES, PtyInput } from '../../src/sim/pty-input';
import { spawnPty } from '../../src/sim/pty-spawn';
import { eventually } from './raw-client';

const started: IPty[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const pty of started.splice(0)) pty.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A program in raw mode (input passed byte for byte, never dropped: a full pty makes the writer wait) running `then`. */
async function rawProgram(then: string): Promise<IPty> {
  const pty = spawnPty('/bin/sh', ['-c', `stty raw -echo; echo ready; ${then}`], { cols: 80, rows: 24 });
  started.push(pty);
  let output = '';
  pty.onData((data) => (output += data));
  await eventually(() => output.includes('ready'));
  return pty;
}

const fdOf = (pty: IPty) => (pty as unknown as { fd: number }).fd;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a pane's input (PtyInput, in place of node-pty's writer)", () => {
  it("is what the pane's pty writes through", async () => {
    const pty = await rawProgram('sleep 30');
    expect((pty as unknown as { _writeStream: unknown })._writeStream).toBeInstanceOf(PtyInput);
  });

  it('lets go of what the program never read once its pty closes (the descriptor may be reused)', async () => {
    const pty = await rawProgram('sleep 1');
    const input = (pty as unknown as { _writeStream: PtyInput })._writeStream;
    pty.write('x'.repeat(512 * 1024));
    expect(input.pendingBytes).toBeGreaterThan(0);
    await new Promise((resolve) => pty.onExit(resolve));
    await eventually(() => input.pendingBytes === 0);
    const attempts = input.writeAttempts;
    await pause(200);
    expect(input.writeAttempts).toBe(attempts);
  });

  it('reaches a program that reads, whole and in order, however much is queued at once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sb-pty-input-'));
    folders.push(folder);
    const out = join(folder, 'out');
    const size = 300_000;
    const pty = await rawProgram(`head -c ${size} > ${out}; echo done`);
    const sent = Array.from({ length: size / 1000 }, (_, i) => String(i % 10).repeat(1000)).join('');
    let output = '';
    pty.onData((data) => (output += data));
    for (let at = 0; at < size; at += 30_000) pty.write(sent.slice(at, at + 30_000));
    await eventually(() => output.includes('done'), 20_000);
    expect(readFileSync(out, 'utf8')).toBe(sent);
  }, 30_000);

  it('while the program reads nothing, tries again after a growing wait (not every turn) and drops input past its bound', async () => {
    const pty = await rawProgram('sleep 30');
    const dropped: number[] = [];
    const input = new PtyInput(fdOf(pty), (bytes) => dropped.push(bytes));
    try {
      input.write('x'.repeat(512 * 1024));
      await eventually(() => input.writeAttempts > 1);
      const before = input.writeAttempts;
      await pause(1_000);
      // node-pty's writer tried again every event-loop turn (thousands a second, ~0.8 of a core); this one at most
      // once per 64 ms once the wait has grown: ~16 a second, fewer on a loaded machine.
      expect(input.writeAttempts - before).toBeLessThan(40);
      expect(input.pendingBytes).toBeGreaterThan(0);
      input.write('y'.repeat(MAX_PENDING_INPUT_BYTES));
      expect(dropped).toEqual([MAX_PENDING_INPUT_BYTES]);
      expect(input.pendingBytes).toBeLessThanOrEqual(MAX_PENDING_INPUT_BYTES);
    } finally {
      input.dispose();
    }
    expect(input.pendingBytes).toBe(0);
  });
});
