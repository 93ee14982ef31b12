import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startHost, type Host } from '../../../src/index';
import type { ScriptedModel } from '../../../../../test/support/scripted-model';
import type { HealthTimings, ScreenSnapshot } from '@switchboard/core';

/** The whole host on the embedded iTerm2-API server (real shells in node-pty, screens in xterm). */
export async function startEmbeddedHost(options: { claudeHookCommand?: string } = {}): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-health-'));
  return startHost({
    dataDir,
    backend: 'sim',
    writeHostFile: false,
    ...(options.claudeHookCommand ? { claudeHookCommand: options.claudeHookCommand } : {}),
  });
}

/** A host and a scripted model for each test of a file, both closed after every test. */
export function hostAndModelPerTest(): { host?: Host; model?: ScriptedModel } {
  const live: { host?: Host; model?: ScriptedModel } = {};
  afterEach(async () => {
    await live.host?.close();
    await live.model?.close();
    delete live.host;
    delete live.model;
  });
  return live;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (real processes, real time); throws with `describe()` after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  describe: () => Promise<string> | string,
): Promise<T> {
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
