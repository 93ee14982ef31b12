// The message-flow graph in Chromium with 100 agents and 300 sender → recipient edges: frame time
// (requestAnimationFrame deltas) and JS heap while messages arrive at 5 per second (each one a live
// `message.sent` event that bumps an edge's count and runs a dot along it), against the same page with
// the graph idle (no messages), measured in the same run. Also: navigation → graph laid out and drawn,
// and the health dashboard on the same fleet (time to its table, frames at the same 5 msg/s).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { startHost } from '@switchboard/host';
import { humanCaller, type Caller } from '@switchboard/protocol';
import { startFrames, stopFrames } from './support/frame-recorder';
import { report, summarize, size, SMOKE } from './stats';
import { launchBenchBrowser } from './support/bench-browser';

const AGENTS = size('BENCH_AGENTS', 100, { smoke: 10 });
const EDGES = size('BENCH_EDGES', 300, { smoke: 15 });
const RATE = 5;
const SECONDS = size('BENCH_SECONDS', 15, { stress: 60, smoke: 1 });
/** A second for the page to settle before a window is measured; none in the smoke run (nothing is timed there). */
const SETTLE_MS = SMOKE ? 0 : 1000;
const root = resolve(import.meta.dirname, '..');
const kinds = ['instruction', 'request', 'reply', 'notification', 'event'] as const;

let seed = 11;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

const uiDir = join(root, 'packages/ui/dist');
if (!existsSync(join(uiDir, 'index.html')))
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const host = await startHost({
  dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-flow-')),
  backend: 'memory',
  uiDir,
  writeHostFile: false,
});
const agents: Caller[] = [];
for (let a = 0; a < AGENTS; a++) {
  const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', { name: `agent-${a}` })) as {
    id: string;
  };
  agents.push({ kind: 'agent', id: agent.id });
}
// 300 distinct pairs, one kind each (so 300 graph edges), with 1–4 messages already sent along each.
const pairs: { from: Caller; to: string; kind: (typeof kinds)[number] }[] = [];
const seen = new Set<string>();
while (pairs.length < EDGES) {
  const from = agents[Math.floor(random() * AGENTS)]!;
  const to = agents[Math.floor(random() * AGENTS)]!;
  if (from.id === to.id || seen.has(`${from.id}>${to.id}`)) continue;
  seen.add(`${from.id}>${to.id}`);
  pairs.push({ from, to: to.id, kind: kinds[Math.floor(random() * kinds.length)]! });
}
let sent = 0;
const send = async (pair: (typeof pairs)[number]) => {
  sent++;
  await host.orchestrator.invoke(pair.from, 'message.send', {
    kind: pair.kind,
    to: { agent: pair.to },
    body: `message ${sent}`,
  });
};
for (const pair of pairs) for (let n = 1 + Math.floor(random() * 4); n > 0; n--) await send(pair);

// Above 20 agents the graph hides agents that sent and received nothing: wait for those that talk.
const talking = AGENTS > 20 ? new Set(pairs.flatMap((p) => [p.from.id, p.to])).size : AGENTS;

const browser = await launchBenchBrowser();
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);

// Frame intervals from the first frame on, to see whether laying the graph out freezes the page.
await page.addInitScript(`(() => {
  window.loadFrames_ = [];
  let last = 0;
  const tick = (now) => {
    if (last) window.loadFrames_.push(now - last);
    last = now;
    if (!window.loadDone_) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`);
const start = Date.now();
await page.goto(host.uiUrl);
await page.getByRole('button', { name: 'Message flow' }).click();
await page.waitForFunction(
  ([nodes, edges]) =>
    document.querySelectorAll('[data-testid="flow-node"]').length >= nodes &&
    document.querySelectorAll('[data-testid="flow-edge"]').length >= edges,
  [talking, EDGES] as const,
  { polling: 200, timeout: 120_000 },
);
const firstDrawMs = Date.now() - start;
const loadFrames = await page.evaluate(() => {
  const w = window as unknown as { loadFrames_: number[]; loadDone_: boolean };
  w.loadDone_ = true;
  return w.loadFrames_;
});
await page.waitForTimeout(SETTLE_MS);

/** rAF-to-rAF intervals for `seconds`, while `during` runs. */
async function frames(target: Page, seconds: number, during: () => Promise<void>): Promise<number[]> {
  await startFrames(target);
  const until = Date.now() + seconds * 1000;
  await during();
  await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now())));
  return stopFrames(target);
}

/** Used JS heap after a forced collection (CDP), in MB. */
async function heapMb(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

const heapBefore = await heapMb(cdp);
const idle = await frames(page, SECONDS, async () => undefined);
const heapIdle = await heapMb(cdp);
const countBefore = Number(
  await page
    .getByTestId('flow-total')
    .textContent()
    .then((t) => /^(\d+)/.exec(t ?? '')?.[1]),
);
const busy = await frames(page, SECONDS, async () => {
  const until = Date.now() + SECONDS * 1000;
  for (let next = Date.now(); next < until; next += 1000 / RATE) {
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    await send(pairs[Math.floor(random() * pairs.length)]!);
  }
});
const heapBusy = await heapMb(cdp);
const countAfter = Number(
  await page
    .getByTestId('flow-total')
    .textContent()
    .then((t) => /^(\d+)/.exec(t ?? '')?.[1]),
);

// The health dashboard on the same fleet: time to a table of 100 rows (100 health.history calls, pane.read,
// recovery.status, message.history), then frames while the same 5 msg/s arrive (its clock ticks every second).
const dashboardStart = Date.now();
await page.getByRole('button', { name: 'Health', exact: true }).click();
await page.waitForFunction((rows) => document.querySelectorAll('tr.health-row').length >= rows, AGENTS, {
  polling: 100,
  timeout: 60_000,
});
const dashboardTableMs = Date.now() - dashboardStart;
await page.waitForTimeout(SETTLE_MS);
const dashboard = await frames(page, SECONDS, async () => {
  const until = Date.now() + SECONDS * 1000;
  for (let next = Date.now(); next < until; next += 1000 / RATE) {
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
    await send(pairs[Math.floor(random() * pairs.length)]!);
  }
});
const heapDashboard = await heapMb(cdp);

const idleFrames = summarize(idle);
const dashboardFrames = summarize(dashboard);
const busyFrames = summarize(busy);
await report(
  'flow-graph',
  {
    'idle graph: frame (ms)': { ...idleFrames },
    '5 msg/s: frame (ms)': { ...busyFrames },
    'ratio frame 5 msg/s / idle': {
      n: busyFrames.n,
      p50: busyFrames.p50 / idleFrames.p50,
      p99: busyFrames.p99 / idleFrames.p99,
      mean: busyFrames.mean / idleFrames.mean,
    },
    'JS heap (MB)': {
      n: 1,
      'after load': heapBefore,
      idle: heapIdle,
      '5 msg/s': heapBusy,
      'ratio 5 msg/s / idle': heapBusy / heapIdle,
    },
    'dashboard, 5 msg/s: frame (ms)': { ...dashboardFrames },
    'ratio frame dashboard / idle graph': {
      n: dashboardFrames.n,
      p50: dashboardFrames.p50 / idleFrames.p50,
      p99: dashboardFrames.p99 / idleFrames.p99,
      mean: dashboardFrames.mean / idleFrames.mean,
    },
    'dashboard: JS heap (MB)': { n: 1, 'after load': heapDashboard },
    'dashboard: first table (ms)': {
      n: 1,
      p50: dashboardTableMs,
      p99: dashboardTableMs,
      mean: dashboardTableMs,
    },
    'first draw (ms)': { n: 1, p50: firstDrawMs, p99: firstDrawMs, mean: firstDrawMs },
    'frame while loading and laying out (ms)': { ...summarize(loadFrames), max: Math.max(...loadFrames) },
  },
  {
    agents: AGENTS,
    edges: EDGES,
    rate: RATE,
    seconds: SECONDS,
    viewport: '1600x1000',
    messagesCountedOnScreen: countAfter - countBefore,
    messagesSent: Math.round(RATE * SECONDS),
    frame: 'rAF-to-rAF intervals over the window; idle = the same page, graph drawn, no messages',
    heap: 'Runtime.getHeapUsage usedSize after HeapProfiler.collectGarbage (CDP)',
    firstDraw:
      'page.goto → flow tab clicked → 100 nodes and 300 edges in the DOM (includes snapshot, message.flow and the team-cluster layout, edge routes and label placement; elkjs is no longer used by this view)',
    browser: browser.version(),
  },
);
await browser.close();
await host.close();
