import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** The first bytes of a file (UTF-8), and whether they are all of it. */
export interface FileHead {
  text: string;
  whole: boolean;
}

/**
 * The first `max` bytes of a regular file. For files others can write (a CLI's, an agent's): at most `max` bytes are
 * read however large the file, and it is opened without blocking, since a FIFO in its place would hold the host's
 * thread until a writer came (the same user, an agent's shell, can put one there). Throws what opening or reading
 * throws (`ENOENT`, `EACCES`, …), and an error with code `EFTYPE` for anything but a regular file.
 */
export function readFileHead(path: string, max: number): FileHead {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EFTYPE' });
    const size = stat.size;
    const buffer = Buffer.alloc(Math.min(size, max));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { text: buffer.toString('utf8', 0, read), whole: size <= max };
  } finally {
    closeSync(fd);
  }
}
