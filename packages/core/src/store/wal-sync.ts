import { closeSync, existsSync, fdatasyncSync, openSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * fsync of a WAL-mode database's `-wal` file, kept open between syncs. With `synchronous = NORMAL` SQLite
 * syncs the WAL itself only before a checkpoint (and the database file after it), so the commits since
 * the last checkpoint are on disk exactly when this file is. A WAL made anew (another process's last
 * connection removed it) is opened again; with no WAL at all, everything is in the database file.
 */
export class WalSync {
  private handle: FileHandle | undefined;
  private inode: number | undefined;

  constructor(private readonly databasePath: string) {}

  /** Resolves once every byte written to the WAL so far is on disk (an fdatasync on libuv's pool). */
  async sync(): Promise<void> {
    const wal = `${this.databasePath}-wal`;
    // A blocking stat is a few µs; the promise one cost ~10× more on the event loop (profile of bench/mcp.ts).
    const found = statSync(wal, { throwIfNoEntry: false });
    if (!found) return syncFile(this.databasePath);
    if (this.handle === undefined || this.inode !== found.ino) {
      await this.handle?.close();
      this.handle = undefined;
      this.handle = await open(wal, 'r+');
      this.inode = found.ino;
    }
    await this.handle.datasync();
  }

  /** The same, blocking: for closing time, when nothing may be left waiting. */
  syncNow(): void {
    const path = existsSync(`${this.databasePath}-wal`) ? `${this.databasePath}-wal` : this.databasePath;
    const fd = openSync(path, 'r+');
    try {
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Lets the kept file go (after the last `sync` has finished). */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
