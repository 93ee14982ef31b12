// `node scripts/bench-together.js --outcomes=<file> <name>=<bundle.mjs> …`: several benches' smoke runs in ONE Node
// process, one after another (scripts/bench.js --smoke --together). Each bench is a module whose top level is the
// whole run; importing it runs it. The benches share the module instances of their common chunks (the host, core,
// zod's schemas, the MCP SDK): a smoke run alone spent ~1-2 of its 1-4 CPU-s loading them.
// One JSON line per bench is appended to the outcomes file as it ends (a crash keeps the lines written before it):
// { bench, ok, seconds, cpuSeconds, error? } — cpuSeconds this process's CPU over the bench plus the processes it
// reaped meanwhile. A bench that throws, or whose promise rejects unhandled while it runs, fails; the next one still
// runs. Only benches that end on their own belong here: one calling process.exit ends the group (bench.js reports
// those it never ran as failed).
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { reapedChildrenSeconds } from './machine-cpu.js';

const args = process.argv.slice(2);
const outcomes = args.find((a) => a.startsWith('--outcomes='))?.slice('--outcomes='.length);
const benches = args.filter((a) => !a.startsWith('--')).map((a) => a.split(/=(.*)/s).slice(0, 2));
if (!outcomes || benches.length === 0 || benches.some(([name, bundle]) => !name || !bundle)) {
  process.stderr.write('usage: node scripts/bench-together.js --outcomes=<file> <name>=<bundle.mjs> …\n');
  process.exit(2);
}
process.setSourceMapsEnabled(true);

/** An error no await caught while the current bench ran: it fails that bench. */
let stray;
const strayed = (error) => void (stray ??= error);
process.on('unhandledRejection', strayed);
process.on('uncaughtException', strayed);

const cpuNow = () => {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1e6 + (reapedChildrenSeconds() ?? 0);
};
let failed = 0;
for (const [bench, bundle] of benches) {
  process.stdout.write(`\n== ${bench} (smoke, together) ==\n`);
  stray = undefined;
  const started = Date.now();
  const cpuBefore = cpuNow();
  let error;
  try {
    await import(pathToFileURL(bundle).href);
  } catch (thrown) {
    error = thrown;
  }
  error ??= stray;
  const outcome = {
    bench,
    ok: error === undefined,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    cpuSeconds: Math.round((cpuNow() - cpuBefore) * 10) / 10,
    ...(error === undefined ? {} : { error: String(error?.stack ?? error) }),
  };
  if (!outcome.ok) {
    failed += 1;
    process.stdout.write(`✗ bench ${bench} failed: ${outcome.error}\n`);
  }
  appendFileSync(outcomes, JSON.stringify(outcome) + '\n');
}
// What a bench left running (a timer, a socket) must not keep the group alive.
process.exit(failed > 0 ? 1 : 0);
