import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import { isProcessRunning, readHostFile } from './host-file';

const run = promisify(execFile);

/** Thrown when the port is taken; the message names the process holding it when it can be found. */
export class PortTakenError extends Error {
  constructor(
    readonly port: number,
    readonly holder: string | undefined,
  ) {
    super(
      `Port ${port} on 127.0.0.1 is already in use${holder ? ` by ${holder}` : ''}. ` +
        'Stop that process, or start Switchboard on another port (--port N or SWITCHBOARD_PORT=N; 0 picks a free one, which changes with every start).',
    );
    this.name = 'PortTakenError';
  }
}

/** Listens on 127.0.0.1:port; a taken port becomes a PortTakenError naming the other process. */
export async function listenOn(server: Server, port: number, dataDir: string): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new PortTakenError(port, await portHolder(port, dataDir));
  }
}

/** Who listens on the port: another Switchboard host of this data folder (host.json), else lsof's or /proc's answer. */
export async function portHolder(port: number, dataDir: string): Promise<string | undefined> {
  const host = readHostFile(dataDir);
  if (host && host.port === port && isProcessRunning(host.pid))
    return `another Switchboard host (pid ${host.pid}, started ${host.startedAt}, data folder ${dataDir})`;
  return (await fromLsof(port)) ?? fromProc(port);
}

const describe = (pid: number, command: string | undefined) =>
  `pid ${pid}${command ? ` (${command.slice(0, 120)})` : ''}`;

async function fromLsof(port: number): Promise<string | undefined> {
  try {
    const { stdout } = await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { timeout: 3000 });
    const pid = /^p(\d+)$/m.exec(stdout)?.[1];
    return pid ? describe(Number(pid), /^c(.+)$/m.exec(stdout)?.[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Linux without lsof: the listening socket's inode in /proc/net/tcp, then the process holding it. */
function fromProc(port: number): string | undefined {
  try {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const inodes = new Set(
      ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => {
        try {
          return readFileSync(file, 'utf8')
            .split('\n')
            .slice(1)
            .map((line) => line.trim().split(/\s+/))
            .filter((cols) => cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A')
            .map((cols) => cols[9] ?? '');
        } catch {
          return [];
        }
      }),
    );
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${entry}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        let target = '';
        try {
          target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode))
          return describe(
            Number(entry),
            readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim(),
          );
      }
    }
  } catch {
    // No /proc (macOS without lsof): the message says the port is taken, without a name.
  }
  return undefined;
}
