/**
 * Reading the host's log for `switchboard logs`: the log folder's files oldest first (rotated ones,
 * then the live file), each JSON line filtered by level, agent, component and error id, printed as one
 * readable line (or passed through as JSON). Lines that are not JSON are skipped, not fatal.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  watch,
} from 'node:fs';
import { join } from 'node:path';
import type { LogLevel } from '@switchboard/core';
import { LOG_FILE, logFolder } from './log-paths';

const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

export interface LogFilter {
  level?: LogLevel;
  /** An agent id or name, matched against the line's `agent` (and `agentName`) field. */
  agent?: string;
  component?: string;
  errorId?: string;
}

export type LogLine = Record<string, unknown> & { level?: string; time?: string; message?: string };

export function parseLogLine(text: string): LogLine | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as LogLine) : undefined;
  } catch {
    return undefined; // a torn last line while the host writes, or not ours: skipped
  }
}

export function matchesLogFilter(line: LogLine, filter: LogFilter): boolean {
  if (filter.level && (RANK[line.level as LogLevel] ?? 0) < RANK[filter.level]) return false;
  if (filter.agent && line['agent'] !== filter.agent && line['agentName'] !== filter.agent) return false;
  if (filter.component && line['component'] !== filter.component) return false;
  if (filter.errorId && line['errorId'] !== filter.errorId) return false;
  return true;
}

/** `12:04:05.123 ERROR dispatch  agent.spawn failed  errorId=1a2b3c4d err=…` */
export function formatLogLine(line: LogLine): string {
  const { time, level, message, component, pid: _pid, ...rest } = line;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const fields = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return [
    clock,
    String(level ?? '')
      .toUpperCase()
      .padEnd(5),
    String(component ?? '-').padEnd(10),
    message ?? '',
    fields,
  ]
    .filter((part) => part !== '')
    .join('  ');
}

/** The log files in the data folder, oldest first (rotated files carry a date prefix and sort before the live one). */
export function logFiles(dataDir: string): string[] {
  const folder = logFolder(dataDir);
  if (!existsSync(folder)) return [];
  const rotated = readdirSync(folder)
    .filter((name) => name !== LOG_FILE && name.endsWith(LOG_FILE))
    .sort();
  return [...rotated, ...(existsSync(join(folder, LOG_FILE)) ? [LOG_FILE] : [])].map((name) =>
    join(folder, name),
  );
}

export function readLogLines(dataDir: string, filter: LogFilter): LogLine[] {
  return logFiles(dataDir)
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .map(parseLogLine)
    .filter((line): line is LogLine => line !== undefined && matchesLogFilter(line, filter));
}

/** Calls `onLine` for each new matching line appended to the live file until `signal` aborts. */
export function followLog(
  dataDir: string,
  filter: LogFilter,
  onLine: (line: LogLine) => void,
  signal: AbortSignal,
): void {
  const file = join(logFolder(dataDir), LOG_FILE);
  let offset = existsSync(file) ? statSync(file).size : 0;
  let partial = '';
  const drain = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size < offset) offset = 0; // rotated: the live file starts over
    if (size === offset) return;
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(size - offset);
      readSync(fd, buffer, 0, buffer.length, offset);
      offset = size;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const text of lines) {
        const line = parseLogLine(text);
        if (line && matchesLogFilter(line, filter)) onLine(line);
      }
    } finally {
      closeSync(fd);
    }
  };
  const watcher = watch(logFolder(dataDir), () => drain());
  const timer = setInterval(drain, 500); // fs.watch can miss events on some file systems
  signal.addEventListener('abort', () => {
    watcher.close();
    clearInterval(timer);
  });
}
