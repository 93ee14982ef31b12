// Recording overhead (issue 25): host CPU with 100 agents printing, recording on vs off, in the same process
// and run. Two orchestrators on the in-memory backend (screen reads cost next to nothing there, so the ratio
// is pessimistic: with iTerm2 or the embedded server each read costs a protobuf round trip, which recording
// does not add — it reads at health's pace); each agent prints a numbered line every 50 ms. Rounds alternate
// off/on so machine load hits both alike; process CPU (user + system) per round is what is compared.
// Target (issue 25): on ≤ 1.2× off.
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { humanCaller } from '@switchboard/protocol';
import { report, size } from './stats';

const AGENTS = size('BENCH_AGENTS', 100, { stress: 200, smoke: 5 });
const ROUND_MS = size('BENCH_ROUND_MS', 5_000, { smoke: 500 });
const ROUNDS = size('BENCH_ROUNDS', 6, { smoke: 1 });
const PRINT_EVERY_MS = 50;
const SETTLE_MS = 1_300;

async function fleet(recording: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), `sb-bench-rec-${recording ? 'on' : 'off'}-`));
  const backend = createMemoryBackend();
  const core: Orchestrator = createOrchestrator({
    databasePath: join(dataDir, 'switchboard.db'),
    backend,
    dataDir,
    recordings: { enabled: recording },
  });
  await core.ready;
  const panes: string[] = [];
  for (let i = 0; i < AGENTS; i++)
    panes.push(
      (await core.fleet.spawn({ name: `printer-${i}`, kind: 'shell', role: 'builder' })).agent.paneId!,
    );
  let line = 0;
  /** Every agent prints a line every 50 ms for `ms`. */
  const print = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        for (const paneId of panes)
          void backend.sendText(
            paneId,
            `${line} compiling module ${line % 97} of the build: ok (${(line * 7919) % 10_000} ms)\r`,
          );
        line++;
      }, PRINT_EVERY_MS);
      setTimeout(() => {
        clearInterval(timer);
        resolve();
      }, ms);
    });
  return { core, dataDir, print };
}

const off = await fleet(false);
const on = await fleet(true);
const cpu = { off: 0, on: 0 };
const round = async (which: 'off' | 'on') => {
  const world = which === 'off' ? off : on;
  const before = process.cpuUsage();
  await world.print(ROUND_MS);
  // The last reads of the round land in it (a busy pane is read 300 ms after it pauses); then what waits for
  // the next index batch is indexed (`recording.list` brings it in first, as a search does), so every round
  // pays for its own lines with the same settle whatever `indexMs` is. The off fleet makes the same call.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  await world.core.invoke(humanCaller, 'recording.list', {});
  const used = process.cpuUsage(before);
  cpu[which] += used.user + used.system;
};
const loadBefore = loadavg()[0]!;
for (let r = 0; r < ROUNDS; r++) {
  await round('off');
  await round('on');
}
const { recordings, totalBytes } = (await on.core.invoke(humanCaller, 'recording.list', {})) as {
  recordings: { chunks: number }[];
  totalBytes: number;
};
await Promise.all([off.core.close(), on.core.close()]);
const folder = join(on.dataDir, 'recordings');
const files = readdirSync(folder).flatMap((agent) =>
  readdirSync(join(folder, agent)).map((file) => statSync(join(folder, agent, file)).size),
);

const seconds = (ROUNDS * ROUND_MS) / 1000;
const offCpu = cpu.off / 1000 / seconds;
const onCpu = cpu.on / 1000 / seconds;
await report(
  'recording-overhead',
  {
    [`${AGENTS} agents printing, recording off (CPU ms per s)`]: { n: ROUNDS, mean: offCpu },
    [`${AGENTS} agents printing, recording on (CPU ms per s)`]: { n: ROUNDS, mean: onCpu },
    'ratio on / off': { n: ROUNDS, mean: onCpu / offCpu },
  },
  {
    target: 'on/off host CPU ≤ 1.2',
    agents: AGENTS,
    roundMs: ROUND_MS,
    rounds: ROUNDS,
    printEveryMs: PRINT_EVERY_MS,
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
    recorded: {
      agents: recordings.length,
      chunks: recordings.reduce((sum, r) => sum + r.chunks, 0),
      bytesOnDisk: totalBytes,
      files: files.length,
    },
  },
);
