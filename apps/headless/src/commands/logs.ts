import {
  followLog,
  formatLogLine,
  logFiles,
  readLogLines,
  type LogFilter,
  type LogLine,
} from '@switchboard/host/cli-support';

export interface LogsOptions {
  dataDir: string;
  filter: LogFilter;
  follow: boolean;
  json: boolean;
  /** Lines from the end to show first (default 200; 0 = all). */
  lines: number;
}

/** `switchboard logs`: the host's log (redacted JSON lines in the data folder), filtered, optionally followed. */
export async function runLogs(
  options: LogsOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  if (logFiles(options.dataDir).length === 0 && !options.follow) {
    out.write(`No log yet in ${options.dataDir}/logs (the host writes one while it runs).\n`);
    return;
  }
  const print = (line: LogLine) =>
    out.write(`${options.json ? JSON.stringify(line) : formatLogLine(line)}\n`);
  const lines = readLogLines(options.dataDir, options.filter);
  for (const line of options.lines > 0 ? lines.slice(-options.lines) : lines) print(line);
  if (!options.follow) return;
  const stop = new AbortController();
  followLog(options.dataDir, options.filter, print, stop.signal);
  await new Promise<void>((resolve) => {
    const end = () => {
      stop.abort();
      resolve();
    };
    process.once('SIGINT', end);
    process.once('SIGTERM', end);
  });
}
