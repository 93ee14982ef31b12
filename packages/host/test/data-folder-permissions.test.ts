import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../src/index';

let host: Host | undefined;
afterEach(async () => host?.close());

const mode = (path: string) => statSync(path).mode & 0o777;

describe('data folder permissions', () => {
  it('makes a pre-existing 0755 data folder 0700 and creates every file in it owner-only', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'sb-perm-')), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    // A host.json left world-readable by something else is replaced, never reused with its mode.
    writeFileSync(join(dataDir, 'host.json'), '{}', { mode: 0o644 });
    chmodSync(join(dataDir, 'host.json'), 0o644);
    const previous = process.umask(0o022);
    try {
      host = await startHost({ dataDir, backend: 'sim' });
      await host.orchestrator.fleet.spawn({ name: 'perm', kind: 'shell', role: 'custom' });
    } finally {
      process.umask(previous);
    }
    expect(mode(dataDir)).toBe(0o700);
    const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter(
      (entry) => !entry.isDirectory(),
    );
    expect(files.map((f) => f.name)).toEqual(
      expect.arrayContaining(['switchboard.db', 'switchboard.db-wal', 'switchboard.db-shm', 'host.json']),
    );
    for (const file of files)
      expect([file.name, mode(join(file.parentPath, file.name))]).toEqual([file.name, 0o600]);
    for (const folder of readdirSync(dataDir, { withFileTypes: true }).filter((entry) =>
      entry.isDirectory(),
    )) {
      expect([folder.name, mode(join(dataDir, folder.name))]).toEqual([folder.name, 0o700]);
    }
  });

  it.each(['1777', '777'])(
    'refuses a data folder every user may write (mode %s, as /tmp), leaving it as it was',
    async (octal) => {
      const shared = Number.parseInt(octal, 8);
      const dataDir = join(mkdtempSync(join(tmpdir(), 'sb-perm-')), 'shared');
      mkdirSync(dataDir);
      chmodSync(dataDir, shared);
      await expect(startHost({ dataDir, backend: 'memory' })).rejects.toThrow(
        `The data folder ${dataDir} is writable by every user (mode ${octal})`,
      );
      expect(statSync(dataDir).mode & 0o7777).toBe(shared);
      expect(readdirSync(dataDir)).toEqual([]);
    },
  );
});
