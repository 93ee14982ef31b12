// host.json in the data folder: the host reads it at close (to remove its own) and when its port is taken; any
// program of the person's user (an agent's shell) can replace it (session 27).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesReadByThisThread as bytesRead } from '@switchboard/core/testing';
import { hostFilePath, readHostFile, startHost } from '../src/index';

describe('host.json replaced under a running host', () => {
  it('by a FIFO: the host closes without waiting for a writer, and leaves it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-hostfile-'));
    const host = await startHost({ dataDir, backend: 'memory' });
    rmSync(hostFilePath(dataDir));
    expect(spawnSync('mkfifo', [hostFilePath(dataDir)]).status).toBe(0);
    // Before: readFileSync in close() blocked the host's thread until a writer opened the FIFO (for ever, here).
    await host.close();
    expect(statSync(hostFilePath(dataDir)).isFIFO()).toBe(true);
  });

  it('by a file of 64 MiB: at most 64 KiB of it is read, and it is not taken for a host', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-hostfile-'));
    const host = await startHost({ dataDir, backend: 'memory' });
    const written = readFileSync(hostFilePath(dataDir), 'utf8');
    writeFileSync(hostFilePath(dataDir), written.replace(/\n$/, ' '.repeat(64 * 1024)));
    expect(readHostFile(dataDir)).toBeUndefined();
    truncateSync(hostFilePath(dataDir), 64 * 1024 * 1024);
    const before = bytesRead();
    expect(readHostFile(dataDir)).toBeUndefined();
    // Before: all 64 MiB were read into one string.
    expect(bytesRead() - before).toBeLessThanOrEqual(68 * 1024);
    await host.close();
    expect(existsSync(hostFilePath(dataDir))).toBe(true);
    writeFileSync(hostFilePath(dataDir), written);
    expect(readHostFile(dataDir)).toMatchObject({ pid: process.pid });
  });
});
