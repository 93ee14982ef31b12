// A host in its own process for the boundary fuzz: its memory is measured alone, and a crash shows as an exit.
// Run with `node --expose-gc --import tsx fuzz-host-child.ts <dataDir>`; talks over the IPC channel.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHost } from '../../src/index';

const dataDir = process.argv[2]!;
const host = await startHost({ dataDir, backend: 'sim', writeHostFile: false });
await host.orchestrator.ready;
await host.orchestrator.fleet.spawn({ name: 'resident', kind: 'shell', role: 'custom' });
const simSocket = join(dataDir, 'iterm2-sim.sock');
const gc = (globalThis as { gc?: () => void }).gc!;

async function measure(): Promise<{
  rss: number;
  heapUsed: number;
  heapTotal: number;
  arrayBuffers: number;
}> {
  let rss = Infinity;
  let heapUsed = Infinity;
  let heapTotal = Infinity;
  let arrayBuffers = Infinity;
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const usage = process.memoryUsage();
    rss = Math.min(rss, usage.rss);
    heapUsed = Math.min(heapUsed, usage.heapUsed);
    heapTotal = Math.min(heapTotal, usage.heapTotal);
    arrayBuffers = Math.min(arrayBuffers, usage.arrayBuffers);
  }
  return { rss, heapUsed, heapTotal, arrayBuffers };
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'measure') {
    void measure().then((usage) =>
      process.send!({
        type: 'measured',
        ...usage,
        apiConnections: host.apiConnectionCount,
        mcpSessions: host.mcpSessionCount,
      }),
    );
  } else if (message.type === 'close') {
    void host.close().then(() => process.exit(0));
  }
});
process.send!({
  type: 'ready',
  port: host.port,
  token: host.token,
  simSocket: existsSync(simSocket) ? simSocket : undefined,
});
