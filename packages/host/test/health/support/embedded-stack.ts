import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type Host } from '../../../src/index';
import type { HealthTimings, ScreenSnapshot } from '@switchboard/core';

/** The whole host on the embedded iTerm2-API server (real shells in node-pty, screens in xterm). */
export async function startEmbeddedHost(options: { claudeHookCommand?: string } = {}): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-health-'));
  return startHost({ dataDir, backend: 'sim', writeHostFile: false, ...(options.claudeHookCommand ? { claudeHookCommand: options.claudeHookCommand } : {}) });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (real processes, real time); throws with `describe()` after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => Promise<string> | string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; ${await describe()}`);
    await sleep(100);
  }
}

/** Screen text for failure messages. */
export const screenText = (screen: ScreenSnapshot) => screen.lines.map((l) => l.trimEnd()).join('\n');

export type { HealthTimings };
