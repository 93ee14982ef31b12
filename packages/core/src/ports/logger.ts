import { randomBytes } from 'node:crypto';

/**
 * The port core logs through, next to Clock and Store. The host implements it with a structured JSON
 * logger writing to a size-bounded file in the data folder (redacted, never a token); tests use
 * `createMemoryLogger`. Fields are flat: `component`, `agent`, `command`, `errorId`, `traceId`, … and
 * `err` for an error (its name, message and stack are taken by the implementation).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFields {
  component?: string;
  agent?: string;
  err?: unknown;
  [field: string]: unknown;
}

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line (e.g. `{ component: 'fleet' }`). */
  child(bindings: LogFields): Logger;
}

/** The shorthands every caller wants, over any Logger. */
export const logAt = {
  debug: (logger: Logger, message: string, fields?: LogFields) => logger.log('debug', message, fields),
  info: (logger: Logger, message: string, fields?: LogFields) => logger.log('info', message, fields),
  warn: (logger: Logger, message: string, fields?: LogFields) => logger.log('warn', message, fields),
  error: (logger: Logger, message: string, fields?: LogFields) => logger.log('error', message, fields),
};

/** Logs nothing: the default where no logger is given. */
export const silentLogger: Logger = {
  log: () => undefined,
  child: () => silentLogger,
};

export interface LogRecord extends LogFields {
  level: LogLevel;
  message: string;
}

/** A logger that keeps its records in an array, for tests. */
export function createMemoryLogger(
  records: LogRecord[] = [],
  bindings: LogFields = {},
): Logger & { records: LogRecord[] } {
  return {
    records,
    log: (level, message, fields) => void records.push({ ...bindings, ...fields, level, message }),
    child: (more) => createMemoryLogger(records, { ...bindings, ...more }),
  };
}

/** A new id for an internal error: returned to the caller, written on the log line that explains it. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}
