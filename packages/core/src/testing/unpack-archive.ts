import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Unpacks a .tar.gz with the system's own `tar` (an independent reader, not the library that packed it):
 * every file's text and mode, in the archive's order.
 */
export async function unpackTarGz(archive: Buffer): Promise<Map<string, { text: string; mode: number }>> {
  const folder = mkdtempSync(join(tmpdir(), 'sb-unpack-'));
  const file = join(folder, 'archive.tar.gz');
  writeFileSync(file, archive);
  const listed = await run('tar', ['-tzf', file]);
  await run('tar', ['-xzf', file, '-C', folder]);
  const files = new Map<string, { text: string; mode: number }>();
  for (const path of listed.stdout.trim().split('\n').filter(Boolean))
    files.set(path, {
      text: readFileSync(join(folder, path), 'utf8'),
      mode: statSync(join(folder, path)).mode & 0o777,
    });
  return files;
}
