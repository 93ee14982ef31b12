import { isProcessRunning, readHostFile, type HostFile } from '@switchboard/host/cli-support';

/**
 * The running host as its `host.json` in the data folder names it, for the commands that call it; with
 * `processAlive`, only if that process still runs. Otherwise an error that says how to start one.
 */
export function runningHost(dataDir: string, { processAlive = false } = {}): HostFile {
  const host = readHostFile(dataDir);
  if (!host || (processAlive && !isProcessRunning(host.pid)))
    throw new Error(
      `No running Switchboard host found in ${dataDir} (host.json); start one with \`switchboard start\`.`,
    );
  return host;
}
