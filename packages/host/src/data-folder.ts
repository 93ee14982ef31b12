import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * Creates the data folder or makes an existing one owner-only (0700): it holds the database, host.json (the person's
 * token), launcher files and the embedded server's socket. A folder every user may write (`/tmp`, `/dev/shm`, any
 * 0777 or sticky folder) is refused as it is, untouched: others could have put files there before the host started
 * (a `switchboard.db` or a launcher file of theirs), and making it 0700 took a shared folder from everyone (as root,
 * `--data-dir /tmp` made /tmp 0700).
 */
export function ownDataFolder(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const mode = statSync(dataDir).mode;
  if ((mode & 0o002) !== 0 || (mode & 0o1000) !== 0)
    throw new Error(
      `The data folder ${dataDir} is writable by every user (mode ${(mode & 0o7777).toString(8)}): choose a folder of ` +
        'your own (--data-dir or SWITCHBOARD_DATA_DIR; by default the application-data folder).',
    );
  chmodSync(dataDir, 0o700);
}
