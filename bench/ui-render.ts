// Org chart with 200 agents in 10 teams in Chromium: first render and frame time during a node drag,
// against a bare React Flow page with the same 200 nodes, in the same run. Fresh page per sample.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { createStaticFiles, startHost } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';
import { FLEET_LOADED_MARK } from '../packages/ui/src/store/perf-marks';
import { report, summarize, size, SMOKE } from './stats';
import { startFrames, stopFrames } from './support/frame-recorder';
import { launchBenchBrowser } from './support/bench-browser';

const RUNS = size('BENCH_RUNS', 5, { stress: 15, smoke: 1 });
const AGENTS = size('BENCH_AGENTS', 200, { smoke: 10 });
const TEAMS = size('BENCH_TEAMS', 10, { smoke: 2 });
const root = resolve(import.meta.dirname, '..');

// Our UI, served by a real host with 200 agents (memory backend: no terminals to start).
const uiDir = join(root, 'packages/ui/dist');
if (!existsSync(join(uiDir, 'index.html')))
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
/** A host serving the UI built in `dir`, with the bench's fleet. */
async function uiHost(dir: string) {
  const started = await startHost({
    dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-ui-')),
    backend: 'memory',
    uiDir: dir,
    writeHostFile: false,
  });
  for (let t = 0; t < TEAMS; t++)
    await started.orchestrator.invoke(humanCaller, 'team.create', { name: `team-${t}` });
  for (let a = 0; a < AGENTS; a++)
    await started.orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: `agent-${a}`,
      team: `team-${a % TEAMS}`,
    });
  return started;
}
const host = await uiHost(uiDir);
// BENCH_BEFORE_UI_DIR: another build of the UI (e.g. main before a change), measured in the same run.
const beforeDir = process.env.BENCH_BEFORE_UI_DIR;
const beforeHost = beforeDir ? await uiHost(beforeDir) : undefined;

// The baseline page, built with Vite into a temp folder and served as static files.
const bareDir = mkdtempSync(join(tmpdir(), 'sb-bench-bare-'));
await build({
  root: join(import.meta.dirname, 'ui-render'),
  base: './',
  logLevel: 'error',
  build: { outDir: bareDir, emptyOutDir: true },
});
// Served by the host's own static file server, so both pages arrive the same way.
const bareFiles = createStaticFiles(bareDir, {});
const bareServer = createServer((request, response) => bareFiles.serve(request, response));
await new Promise<void>((done) => bareServer.listen(0, '127.0.0.1', done));
const bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/`;

const browser = await launchBenchBrowser();

interface Sample {
  firstRenderMs: number;
  /** From the data in hand (the page's FLEET_LOADED_MARK) to every node measured. */
  afterDataMs: number;
  frames: number[];
}

/**
 * Opens a fresh page, waits until every node is in the DOM and measured, then drags one node out and back.
 * `reload`: measures a second load of the same page instead (what the browser and the page kept are reused).
 */
async function sample(url: string, nodeSelector: string, reload = false): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  if (reload) {
    await allNodes(page, nodeSelector);
    await page.reload();
  }
  const firstRenderMs = await allNodes(page, nodeSelector);
  const dataAt = await page.evaluate(
    (mark) => performance.getEntriesByName(mark).at(-1)?.startTime ?? Number.NaN,
    FLEET_LOADED_MARK,
  );
  if (Number.isNaN(dataAt)) throw new Error(`${url}: no '${FLEET_LOADED_MARK}' mark`);
  await page.waitForTimeout(300);
  const frames = await dragFrames(page, page.locator(nodeSelector).nth(7));
  await context.close();
  return { firstRenderMs, afterDataMs: firstRenderMs - dataAt, frames };
}

/** performance.now() when every node is in the DOM and measured. */
async function allNodes(page: Page, nodeSelector: string): Promise<number> {
  const handle = await page.waitForFunction(
    ([selector, count]) => {
      const nodes = document.querySelectorAll<HTMLElement>(selector);
      if (nodes.length < count) return false;
      for (const node of nodes) if (node.style.visibility === 'hidden') return false;
      return performance.now();
    },
    [nodeSelector, AGENTS] as const,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Mouse moves each way of a drag (5 in the smoke run: each is a round trip to the browser, nothing is timed). */
const DRAG_STEPS = SMOKE ? 5 : 30;

/** Frame intervals (rAF to rAF) while a node is dragged 400 px away and back in 2 × DRAG_STEPS mouse moves. */
async function dragFrames(page: Page, node: ReturnType<Page['locator']>): Promise<number[]> {
  const box = (await node.boundingBox())!;
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await startFrames(page);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 3, start.y + 3); // React Flow 12 drops the move that crosses the drag threshold
  await page.mouse.move(start.x + 400, start.y + 150, { steps: DRAG_STEPS });
  await page.mouse.move(start.x, start.y, { steps: DRAG_STEPS });
  await page.mouse.up();
  return stopFrames(page);
}

const ours: Sample[] = [];
const oursAgain: Sample[] = [];
const bare: Sample[] = [];
const bareAgain: Sample[] = [];
const before: Sample[] = [];
// Warm the browser's caches once for both (not in the smoke run: it times nothing).
if (!SMOKE) {
  await sample(bareUrl, '.react-flow__node');
  await sample(host.uiUrl, '.react-flow__node-agent');
  if (beforeHost) await sample(beforeHost.uiUrl, '.react-flow__node-agent');
}
for (let run = 0; run < RUNS; run++) {
  ours.push(await sample(host.uiUrl, '.react-flow__node-agent'));
  if (beforeHost) before.push(await sample(beforeHost.uiUrl, '.react-flow__node-agent'));
  bare.push(await sample(bareUrl, '.react-flow__node'));
  oursAgain.push(await sample(host.uiUrl, '.react-flow__node-agent', true));
  bareAgain.push(await sample(bareUrl, '.react-flow__node', true));
}

const render = (samples: Sample[]) => summarize(samples.map((s) => s.firstRenderMs));
const afterData = (samples: Sample[]) => summarize(samples.map((s) => s.afterDataMs));
const oursAfterData = afterData(ours);
const bareAfterData = afterData(bare);
const frame = (samples: Sample[]) => summarize(samples.flatMap((s) => s.frames));
const oursRender = render(ours);
const bareRender = render(bare);
const oursReload = render(oursAgain);
const bareReload = render(bareAgain);
const oursFrame = frame(ours);
const bareFrame = frame(bare);
await report(
  'ui-render',
  {
    'org chart: first render (ms)': { ...oursRender },
    'bare React Flow: first render (ms)': { ...bareRender },
    'ratio first render ours / bare': {
      n: RUNS,
      p50: oursRender.p50 / bareRender.p50,
      p99: oursRender.p99 / bareRender.p99,
      mean: oursRender.mean / bareRender.mean,
    },
    'org chart: data in hand → rendered (ms)': { ...oursAfterData },
    'bare React Flow: data in hand → rendered (ms)': { ...bareAfterData },
    'ratio after data ours / bare': {
      n: RUNS,
      p50: oursAfterData.p50 / bareAfterData.p50,
      p99: oursAfterData.p99 / bareAfterData.p99,
      mean: oursAfterData.mean / bareAfterData.mean,
    },
    'org chart: reload, layout kept (ms)': { ...oursReload },
    'bare React Flow: reload (ms)': { ...bareReload },
    'ratio reload ours / bare': {
      n: RUNS,
      p50: oursReload.p50 / bareReload.p50,
      p99: oursReload.p99 / bareReload.p99,
      mean: oursReload.mean / bareReload.mean,
    },
    ...(beforeHost ? beforeRows(render(before), afterData(before), frame(before)) : {}),
    'org chart: frame during drag (ms)': { ...oursFrame },
    'bare React Flow: frame during drag (ms)': { ...bareFrame },
    'ratio frame ours / bare': {
      n: oursFrame.n,
      p50: oursFrame.p50 / bareFrame.p50,
      p99: oursFrame.p99 / bareFrame.p99,
      mean: oursFrame.mean / bareFrame.mean,
    },
  },
  {
    agents: AGENTS,
    teams: TEAMS,
    runs: RUNS,
    viewport: '1600x1000',
    firstRender:
      'navigation start → all 200 agent nodes in the DOM and measured (ours: includes WebSocket connect, fleet.snapshot, the layout)',
    reload: 'the same, for a second load of the page in the same browser context (what the browser cached)',
    frame: 'rAF-to-rAF interval while one node is dragged out 400 px and back in 60 mouse moves',
    browser: browser.version(),
  },
);
await browser.close();
bareServer.close();
await host.close();
await beforeHost?.close();

/** The other build's first render, after-data and drag frame times, and ours over theirs. */
function beforeRows(
  renderBefore: ReturnType<typeof summarize>,
  afterBefore: ReturnType<typeof summarize>,
  frameBefore: ReturnType<typeof summarize>,
) {
  const ratio = (now: ReturnType<typeof summarize>, then: ReturnType<typeof summarize>) => ({
    n: now.n,
    p50: now.p50 / then.p50,
    p99: now.p99 / then.p99,
    mean: now.mean / then.mean,
  });
  return {
    'before (BENCH_BEFORE_UI_DIR): first render (ms)': { ...renderBefore },
    'ratio first render ours / before': ratio(oursRender, renderBefore),
    'before: data in hand → rendered (ms)': { ...afterBefore },
    'ratio after data ours / before': ratio(oursAfterData, afterBefore),
    'before: frame during drag (ms)': { ...frameBefore },
    'ratio frame ours / before': ratio(oursFrame, frameBefore),
  };
}
