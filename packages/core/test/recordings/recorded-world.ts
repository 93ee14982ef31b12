import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { humanCaller } from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator } from '../../src/index';
import type { Logger } from '../../src/ports/logger';
import type { RecordingOptions } from '../../src/recordings/recording-options';
import { FakeClock } from '../../src/testing/index';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** An orchestrator recording the memory backend's panes on a fake clock, in a fresh data folder. */
export function recordedWorld(
  options: Partial<RecordingOptions> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'sb-rec-')),
  backend = createMemoryBackend(),
  logger?: Logger,
) {
  const clock = new FakeClock();
  const orchestrator = createOrchestrator({
    databasePath: join(dataDir, 'switchboard.db'),
    backend,
    clock,
    dataDir,
    recordings: options,
    ...(logger ? { logger } : {}),
  });
  const human = <T>(name: string, input: unknown) =>
    orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  /** Moves the clock in steps, letting each screen read finish. */
  const pass = async (ms: number, step = 50) => {
    for (let t = 0; t < ms; t += step) {
      clock.advance(step);
      await settle();
      await settle();
    }
  };
  const spawn = async (name: string) =>
    (await orchestrator.fleet.spawn({ name, kind: 'shell', role: 'builder' })).agent;
  const print = async (paneId: string, text: string) => {
    await backend.sendText(paneId, text);
    await pass(200);
  };
  return { dataDir, clock, backend, orchestrator, human, pass, spawn, print };
}
