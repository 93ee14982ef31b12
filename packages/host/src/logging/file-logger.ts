/**
 * Core's Logger port as JSON lines in `<data>/logs/switchboard.log` (pino), rotated by size
 * (rotating-file-stream: 10 MB a file, 5 files kept, 0600 in a 0700 folder). Every line is redacted
 * with core's redactor (message and every field, secret-named keys blanked) and scrubbed of the
 * tokens the host knows (the human's), before pino sees it: a token never reaches the file.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createStream } from 'rotating-file-stream';
import { redactDeep, redactSecrets } from '@switchboard/core';
import type { LogFields, LogLevel, Logger } from '@switchboard/core';

import { LOG_FILE, logFolder } from './log-paths';

export { LOG_FILE, logFolder };

export interface FileLoggerOptions {
  level?: LogLevel;
  /** Bytes per file before it rotates (default 10 MB). */
  maxBytes?: number;
  /** Rotated files kept (default 5). */
  files?: number;
  /** Secrets the redactor's patterns cannot know (live tokens): replaced wherever they appear. */
  knownSecrets?: () => readonly string[];
}

export interface FileLogger {
  logger: Logger;
  path: string;
  close(): Promise<void>;
}

/** An Error as plain fields a log line can hold (pino's serializer shape), redacted like the rest. */
function plainError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  return { type: err.name, message: err.message, stack: err.stack, ...(code === undefined ? {} : { code }) };
}

export function createFileLogger(dataDir: string, options: FileLoggerOptions = {}): FileLogger {
  const folder = logFolder(dataDir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stream = createStream(LOG_FILE, {
    path: folder,
    size: `${Math.max(1, Math.round((options.maxBytes ?? 10 * 1024 * 1024) / 1024))}K`,
    maxFiles: options.files ?? 5,
    mode: 0o600,
  });
  const root = pino(
    {
      level: options.level ?? 'info',
      messageKey: 'message',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // `err` arrives already plain and redacted (plainError); pino's own serializer would rename its type.
      serializers: { err: (value: unknown) => value },
    },
    stream,
  );
  const scrub = (text: string) => {
    let result = redactSecrets(text);
    for (const secret of options.knownSecrets?.() ?? [])
      if (secret.length >= 8) result = result.replaceAll(secret, '[REDACTED:token]');
    return result;
  };
  const clean = (fields: LogFields): Record<string, unknown> => {
    const withError = fields.err === undefined ? fields : { ...fields, err: plainError(fields.err) };
    return JSON.parse(scrub(JSON.stringify(redactDeep(withError)))) as Record<string, unknown>;
  };
  const wrap = (bindings: LogFields): Logger => ({
    log(level, message, fields = {}) {
      root[level](clean({ ...bindings, ...fields }), scrub(message));
    },
    child: (more) => wrap({ ...bindings, ...more }),
  });
  return {
    logger: wrap({}),
    path: join(folder, LOG_FILE),
    close: () =>
      new Promise<void>((resolve) => {
        root.flush();
        stream.end(() => resolve());
      }),
  };
}
