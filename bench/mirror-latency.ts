// Live pane mirror latency, in one run against a real host on the embedded iTerm2-API server (a real
// pty): bytes written to the pane's pty → (a) the `pane.screen` frame carrying them arrives at a bare
// WebSocket client (the raw event latency, the baseline) and (b) xterm.js in Chromium has rendered them
// into the page (what a person sees). Same writes, same clock (epoch ms on both sides).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startHost } from '@switchboard/host';
import { TOKEN_SUBPROTOCOL_PREFIX, WIRE_SUBPROTOCOL, humanCaller } from '@switchboard/protocol';
import { report, summarize, size } from './stats';
import { launchBenchBrowser } from './support/bench-browser';

const SAMPLES = size('BENCH_RUNS', 40, { stress: 200, smoke: 3 });
/** Pause between writes: longer than the mirror's 33 ms frame interval, so each write starts a fresh frame. */
const SPACING_MS = 120;
const root = resolve(import.meta.dirname, '..');
const now = () => performance.timeOrigin + performance.now();

const uiDir = join(root, 'packages/ui/dist');
if (!existsSync(join(uiDir, 'index.html')))
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const host = await startHost({
  dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-mirror-')),
  backend: 'sim',
  uiDir,
  writeHostFile: false,
});
const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
  name: 'echo',
  kind: 'shell',
})) as { paneId: string };
const paneId = agent.paneId;
// `cat` in canonical mode: the tty echoes each byte as it is written (and cat repeats the line on Enter).
await new Promise((r) => setTimeout(r, 500));
await host.backend.sendText(paneId, 'clear; cat\r');

// (a) A bare WebSocket client that mirrors the pane and timestamps each frame as it arrives. It runs in a
// worker thread: in the host's own event loop it would wait behind the host's work and lose to Chromium.
const url = new URL(host.uiUrl);
const bareClient = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
  const WebSocket = require('ws');
  const now = () => performance.timeOrigin + performance.now();
  const socket = new WebSocket(workerData.url, workerData.protocols, { origin: workerData.origin });
  let wanted = null;
  const seen = new Set();
  const flood = { counting: false, frames: 0, bytes: 0 };
  parentPort.on('message', (m) => {
    if (m.wanted !== undefined) wanted = m.wanted;
    if (m.flood === 'start') flood.counting = true;
    if (m.flood === 'stop') { flood.counting = false; parentPort.postMessage({ flood }); }
    if (m.close) socket.close();
  });
  socket.on('message', (data) => {
    const text = String(data);
    // The mirror call's answer: the bench goes on only when it was ok (a refused mirror would time nothing).
    if (text.includes('"id":1,') && !text.includes('"pane.screen"')) parentPort.postMessage({ mirrored: text });
    if (!text.includes('"pane.screen"')) return;
    const at = now();
    if (flood.counting) { flood.frames += 1; flood.bytes += text.length; }
    if (!wanted || seen.has(wanted)) return;
    const event = JSON.parse(text).event;
    if (event.changes.some((c) => c.text.includes(wanted))) { seen.add(wanted); parentPort.postMessage({ marker: wanted, at }); }
  });
  socket.once('open', () => {
    socket.send(JSON.stringify({ type: 'call', id: 1, name: 'pane.mirror', input: { target: workerData.paneId } }));
  });`,
  {
    eval: true,
    workerData: {
      url: `ws://${url.host}/api`,
      protocols: [WIRE_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + host.token],
      origin: url.origin,
      paneId,
    },
  },
);
const wsSeen = new Map<string, number>();
let floodResult: { frames: number; bytes: number } | undefined;
await new Promise<void>((resolveOpen, refused) => {
  bareClient.on(
    'message',
    (m: { mirrored?: string; marker?: string; at?: number; flood?: { frames: number; bytes: number } }) => {
      if (m.mirrored?.includes('"ok":true')) resolveOpen();
      else if (m.mirrored !== undefined)
        refused(new Error(`bench mirror-latency: pane.mirror answered ${m.mirrored.slice(0, 300)}`));
      if (m.marker !== undefined && m.at !== undefined) wsSeen.set(m.marker, m.at);
      if (m.flood) floodResult = m.flood;
    },
  );
});

// (b) The app in Chromium, on the agent's detail view, watching the rows xterm.js renders into the DOM.
const browser = await launchBenchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(host.uiUrl);
await page.locator('[data-agent="echo"]').click();
await page.getByRole('button', { name: 'Open details' }).click();
await page.getByTestId('mirror-status').getByText('Live').waitFor();
// A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
await page.evaluate(`(() => {
  window.seen_ = {};
  window.wanted_ = null;
  const rows = document.querySelector('[data-testid="mirror"] .xterm-rows');
  // Called right after xterm.js changes its rows in the DOM (inside its render frame, before paint).
  new MutationObserver(() => {
    const want = window.wanted_;
    if (want && !(want in window.seen_) && rows.textContent.includes(want)) window.seen_[want] = performance.timeOrigin + performance.now();
  }).observe(rows, { childList: true, subtree: true, characterData: true });
})()`);

const ws: number[] = [];
const ui: number[] = [];
let missed = 0;
for (let i = -5; i < SAMPLES; i++) {
  const marker = `m${i + 5}z`;
  bareClient.postMessage({ wanted: marker });
  await page.evaluate((m) => void ((window as unknown as { wanted_: string }).wanted_ = m), marker);
  const writtenAt = now();
  await host.backend.sendText(paneId, marker + (i % 8 === 7 ? '\r' : ' '));
  const deadline = Date.now() + 2_000;
  let uiAt: number | undefined;
  while (Date.now() < deadline) {
    uiAt = await page.evaluate(
      (m) => (window as unknown as { seen_: Record<string, number> }).seen_[m],
      marker,
    );
    if (uiAt !== undefined && wsSeen.has(marker)) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const wsAt = wsSeen.get(marker);
  if (i >= 0) {
    if (uiAt === undefined || wsAt === undefined) missed++;
    else {
      ws.push(wsAt - writtenAt);
      ui.push(uiAt - writtenAt);
    }
  }
  await new Promise((r) => setTimeout(r, SPACING_MS));
}

// A flood: a pane printing as fast as it can. The mirror sends at most ~30 frames a second, each the latest screen.
await host.backend.sendText(paneId, '\x03');
await new Promise((r) => setTimeout(r, 300));
// Half a second in the smoke run: the flood keeps the shell, the simulator and the host busy the whole time.
const FLOOD_MS = size('BENCH_FLOOD_MS', 3_000, { smoke: 500 });
await host.backend.sendText(paneId, 'for i in $(seq 1 400000); do echo "line $i of the flood"; done\r');
await new Promise((r) => setTimeout(r, 300));
bareClient.postMessage({ flood: 'start' });
await new Promise((r) => setTimeout(r, FLOOD_MS));
bareClient.postMessage({ flood: 'stop' });
await new Promise((r) => setTimeout(r, 200));
const flood = floodResult ?? { frames: NaN, bytes: NaN };
await host.backend.sendText(paneId, '\x03');

const wsSummary = summarize(ws);
const uiSummary = summarize(ui);
await report(
  'mirror-latency',
  {
    'pty write → pane.screen at a bare WebSocket client (ms)': { ...wsSummary },
    'pty write → rendered by xterm.js in Chromium (ms)': { ...uiSummary },
    'ratio Chromium / WebSocket': {
      n: ui.length,
      p50: uiSummary.p50 / wsSummary.p50,
      p99: uiSummary.p99 / wsSummary.p99,
      mean: uiSummary.mean / wsSummary.mean,
    },
    'Chromium − WebSocket, per write (ms)': { ...summarize(ui.map((u, i) => u - ws[i]!)) },
  },
  {
    flood: {
      seconds: FLOOD_MS / 1000,
      framesPerSecond: flood.frames / (FLOOD_MS / 1000),
      kilobytesPerSecond: flood.bytes / 1024 / (FLOOD_MS / 1000),
    },
    samples: SAMPLES,
    missed,
    spacingMs: SPACING_MS,
    backend: 'embedded iTerm2-API server (node-pty, @xterm/headless)',
    write: 'host.backend.sendText of a short marker to a pane running `cat` (the tty echoes it)',
    websocket:
      'arrival of the first pane.screen event whose changed rows contain the marker, in a bare ws client in a worker thread',
    chromium:
      'first DOM mutation (MutationObserver) after which the rows xterm.js rendered show the marker: xterm.js renders in an animation frame, so this includes waiting for one',
    browser: browser.version(),
  },
);
await browser.close();
bareClient.postMessage({ close: true });
await bareClient.terminate();
await host.close();
