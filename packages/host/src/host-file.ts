import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileHead } from '@switchboard/core/file-head';
import { z } from 'zod';

/** The most of `host.json` read: what the host writes is a few hundred bytes. */
const MAX_HOST_FILE_BYTES = 64 * 1024;

/** What `host.json` in the data folder tells the CLI about the running host. Mode 0600: it holds the human's token. */
export const HostFile = z.object({
  port: z.number().int(),
  pid: z.number().int(),
  protocolVersion: z.number().int(),
  url: z.string(),
  token: z.string(),
  startedAt: z.string(),
  /** The unix socket `switchboard mcp` relays to (absent: an older host, or a data folder path too long for a socket). */
  mcpSocket: z.string().optional(),
});
export type HostFile = z.infer<typeof HostFile>;

export const hostFilePath = (dataDir: string) => join(dataDir, 'host.json');

export function writeHostFile(dataDir: string, content: HostFile): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const path = hostFilePath(dataDir);
  // A new file (never an older one's mode): the token is never readable by others, not even for a moment.
  rmSync(path, { force: true });
  writeFileSync(path, JSON.stringify(content, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
}

/**
 * The running host's file, or undefined when there is none or it is not one the host wrote. The host reads it too
 * (at close, to remove its own; when its port is taken): any program of the person's user can replace it, so at
 * most MAX_HOST_FILE_BYTES are read, and a FIFO in its place is not waited on.
 */
export function readHostFile(dataDir: string): HostFile | undefined {
  try {
    const head = readFileHead(hostFilePath(dataDir), MAX_HOST_FILE_BYTES);
    return head.whole ? HostFile.parse(JSON.parse(head.text)) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process (say, the host host.json names) still runs; EPERM means it runs as another user. */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes host.json if it is still ours (another host may have started since). */
export function removeHostFile(dataDir: string, pid: number): void {
  if (readHostFile(dataDir)?.pid === pid) rmSync(hostFilePath(dataDir), { force: true });
}
