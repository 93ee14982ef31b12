// The attention centre holding many notifications (10,000 with STRESS=1) in Chromium: frame time while the
// list is scrolled with the mouse wheel, against the same rows as a static page (the centre's own DOM and
// CSS, no React, no store, no events), in the same run. Fresh page per sample.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startHost } from '@switchboard/host';
import type { AttentionKind } from '@switchboard/protocol';
import { chromiumArgs, chromiumPath } from '../test/e2e/browser';
import { report, summarize, size } from './stats';
import { startFrames, stopFrames } from './support/frame-recorder';

const RUNS = size('BENCH_RUNS', 3, { stress: 5, smoke: 1 });
const ITEMS = size('BENCH_ITEMS', 2_000, { stress: 10_000, smoke: 100 });
const root = resolve(import.meta.dirname, '..');
const uiDir = join(root, 'packages/ui/dist');
if (!existsSync(join(uiDir, 'index.html')))
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
const KINDS: AttentionKind[] = ['finished', 'waiting_for_input', 'error', 'hung'];

interface Sample {
  /** From the first notification raised in the host to every one counted in the centre's group headers. */
  arriveMs: number;
  rows: number;
  frames: number[];
  bareFrames: number[];
}

/**
 * A fresh host and page: the notifications arrive as events while the page is open (a long session; the
 * centre's first load is capped at its newest 1,000), every "Show more" is pressed until all rows are in the
 * DOM, then the page is scrolled top to bottom. The same DOM, saved as a static page, is scrolled the same way.
 */
async function sample(): Promise<Sample> {
  const host = await startHost({
    dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-attention-')),
    backend: 'memory',
    uiDir,
    writeHostFile: false,
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  try {
    await page.goto(host.uiUrl);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    await page.getByRole('button', { name: /^Attention/ }).click();
    await page.getByTestId('attention-empty').waitFor();
    const raisedAt = performance.now();
    for (let i = 0; i < ITEMS; i++) {
      // A different (made-up) agent each: no two fold into one item.
      host.orchestrator.attention.notify({
        kind: KINDS[i % KINDS.length]!,
        severity: 'info',
        agentId: `bench-agent-${i}`,
        title: `agent ${i} needs a look`,
        body: `item ${i} of ${ITEMS}: a line of detail as notifications carry`,
        approvalId: null,
      });
    }
    await page.waitForFunction(
      (count) =>
        document.querySelectorAll('[data-testid="attention-group"] .count').length > 0 &&
        [...document.querySelectorAll('[data-testid="attention-group"] .count')].reduce(
          (n, c) => n + Number(c.textContent),
          0,
        ) >= count,
      ITEMS,
      { timeout: 300_000 },
    );
    const arriveMs = performance.now() - raisedAt;
    for (;;) {
      const more = page.getByRole('button', { name: /^Show more/ });
      if ((await more.count()) === 0) break;
      await more.first().click();
    }
    const rows = await page.getByTestId('attention-row').count();
    const frames = await scrollFrames(page);
    // The same rows and styles, as a static page at the same origin (so the stylesheets load), no script.
    const html = await page.evaluate(() => {
      const copy = document.documentElement.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('script, link[rel="modulepreload"]').forEach((node) => node.remove());
      return `<!doctype html>${copy.outerHTML}`;
    });
    const bareUrl = new URL('/bench-bare-attention.html', host.uiUrl).toString();
    const bare = await context.newPage();
    await bare.route(bareUrl, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await bare.goto(bareUrl);
    const bareRows = await bare.getByTestId('attention-row').count();
    if (bareRows !== rows) throw new Error(`the static copy has ${bareRows} rows, the centre ${rows}`);
    const bareFrames = await scrollFrames(bare);
    return { arriveMs, rows, frames, bareFrames };
  } finally {
    await context.close();
    await host.close();
  }
}

/** Frame intervals (rAF to rAF) while the page is scrolled from the top to the bottom with the mouse wheel. */
async function scrollFrames(page: Page): Promise<number[]> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(800, 600);
  await page.waitForTimeout(300);
  await startFrames(page);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const steps = Math.max(30, Math.min(300, Math.round(height / 400)));
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, height / steps);
    await page.waitForTimeout(16);
  }
  return stopFrames(page);
}

const samples: Sample[] = [];
for (let run = 0; run < RUNS; run++) samples.push(await sample());
const ours = summarize(samples.flatMap((s) => s.frames));
const bare = summarize(samples.flatMap((s) => s.bareFrames));
await report(
  'attention-scroll',
  {
    'attention centre: frame while scrolling (ms)': { ...ours },
    'static copy: frame while scrolling (ms)': { ...bare },
    'ratio frame ours / static': {
      n: ours.n,
      p50: ours.p50 / bare.p50,
      p99: ours.p99 / bare.p99,
      mean: ours.mean / bare.mean,
    },
    [`attention centre: ${ITEMS} raised → all counted (ms)`]: {
      ...summarize(samples.map((s) => s.arriveMs)),
    },
    'attention centre: fps (1000 / frame)': {
      n: ours.n,
      p50: 1000 / ours.p50,
      p99: 1000 / ours.p99,
      mean: 1000 / ours.mean,
    },
  },
  {
    items: ITEMS,
    rendered: samples[0]!.rows,
    runs: RUNS,
    viewport: '1600x1000',
    frame:
      'rAF-to-rAF interval while the page is scrolled top to bottom with the mouse wheel (at most 300 wheel steps, 16 ms apart)',
    baseline:
      "the centre's own DOM and stylesheets saved as a static page (no React, no store, no WebSocket)",
    browser: browser.version(),
  },
);
await browser.close();
