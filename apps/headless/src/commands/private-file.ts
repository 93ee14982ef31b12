import { closeSync, fchmodSync, fstatSync, openSync, writeSync } from 'node:fs';

/**
 * Writes `content` to `path` readable by the person only (0600), whether the file is new or was there already:
 * `writeFileSync`'s `mode` applies only to a file it creates, so a recording exported over an existing 0644 file
 * stayed readable by every user of the machine. Only a regular file is chmodded (`--out /dev/stdout` is a terminal).
 */
export function writePrivateFile(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    if (fstatSync(fd).isFile()) fchmodSync(fd, 0o600);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (let at = 0; at < bytes.byteLength;) at += writeSync(fd, bytes, at, bytes.byteLength - at);
  } finally {
    closeSync(fd);
  }
}
