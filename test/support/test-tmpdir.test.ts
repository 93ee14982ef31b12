import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import setup, { MIN_FREE_BYTES, tmpdirParent } from './test-tmpdir';

const TMPFS = 0x01021994;
const EXT4 = 0xef53;
const fs = (type: number, freeBytes: number) => () => ({ type, bavail: freeBytes / 4096, bsize: 4096 });

describe('the Vitest run’s temporary folder', () => {
  it('is made in /dev/shm when it is a tmpfs with room, else on the system temp folder', () => {
    expect(tmpdirParent({}, fs(TMPFS, 8 * 1024 ** 3))).toBe('/dev/shm');
    expect(tmpdirParent({}, fs(TMPFS, MIN_FREE_BYTES))).toBe('/dev/shm');
    // A container's 64 MB /dev/shm, or a disk mounted there.
    expect(tmpdirParent({}, fs(TMPFS, 64 * 1024 ** 2))).toBeUndefined();
    expect(tmpdirParent({}, fs(EXT4, 8 * 1024 ** 3))).toBeUndefined();
    expect(
      tmpdirParent({}, () => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });

  it('follows SB_TEST_TMPDIR: a folder of its own, or "system"', () => {
    expect(tmpdirParent({ SB_TEST_TMPDIR: '/var/tmp' }, fs(TMPFS, 8 * 1024 ** 3))).toBe('/var/tmp');
    expect(tmpdirParent({ SB_TEST_TMPDIR: 'system' }, fs(TMPFS, 8 * 1024 ** 3))).toBeUndefined();
  });

  describe('global setup', () => {
    const saved = {
      TMPDIR: process.env['TMPDIR'],
      SB_TEST_TMPDIR: process.env['SB_TEST_TMPDIR'],
      SB_TEST_RUN_TMPDIR: process.env['SB_TEST_RUN_TMPDIR'],
    };
    const parent = mkdtempSync(join(tmpdir(), 'sb-tmpdir-test-'));
    afterEach(() => {
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      rmSync(parent, { recursive: true, force: true });
    });

    it('points TMPDIR at a new folder for the run, and its teardown removes it and puts TMPDIR back', () => {
      process.env['SB_TEST_TMPDIR'] = parent;
      delete process.env['SB_TEST_RUN_TMPDIR']; // this worker's run already has one
      const teardown = setup();
      const folder = process.env['TMPDIR']!;
      expect(dirname(folder)).toBe(parent);
      expect(tmpdir()).toBe(folder);
      writeFileSync(join(folder, 'left-by-a-test'), 'x');
      // A second project's global setup in the same run makes no second folder.
      expect(setup()).toBeUndefined();
      expect(process.env['TMPDIR']).toBe(folder);
      teardown!();
      expect(existsSync(folder)).toBe(false);
      expect(process.env['TMPDIR']).toBe(saved.TMPDIR);
    });

    it('removes the folder while a process a test left behind still writes into it, once that process stops', async () => {
      mkdirSync(parent, { recursive: true }); // the test before removed it
      process.env['SB_TEST_TMPDIR'] = parent;
      delete process.env['SB_TEST_RUN_TMPDIR'];
      const teardown = setup();
      const folder = process.env['TMPDIR']!;
      // As a CLI whose pane was closed writes its session files on the way out (Claude Code's ~/.claude).
      const home = join(folder, 'home', '.claude');
      const writer = spawn(process.execPath, [
        '-e',
        `const fs = require('node:fs'); fs.mkdirSync(${JSON.stringify(home)}, { recursive: true });
         const end = Date.now() + 400; let i = 0;
         while (Date.now() < end) try { fs.writeFileSync(${JSON.stringify(home)} + '/f' + i++, 'x'); } catch {}`,
      ]);
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      while (!existsSync(home) || readdirSync(home).length < 10) await new Promise((r) => setTimeout(r, 5));
      teardown!();
      await exited;
      expect(existsSync(folder)).toBe(false);
    });
  });
});
