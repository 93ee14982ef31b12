// The attention centre holding many notifications (10,000 with STRESS=1) in Chromium: frame time while the
// list is scrolled with the mouse wheel, against the same rows as a static page (the centre's own DOM and
// CSS with every row in it, no React, no store, no events), in the same run. Fresh page per sample.
// BENCH_UI_BEFORE=<a UI build of an earlier commit> runs that build too, in the same run, sample for sample
// (the before/after of a change: how long the page lags behind a burst, how it scrolls).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startHost } from '@switchboard/host';
import type { AttentionKind } from '@switchboard/protocol';
import { report, summarize, size, SMOKE } from './stats';
import { startFrames, stopFrames } from './support/frame-recorder';
import { launchBenchBrowser } from './support/bench-browser';

const RUNS = size('BENCH_RUNS', 3, { stress: 5, smoke: 1 });
const ITEMS = size('BENCH_ITEMS', 2_000, { stress: 10_000, smoke: 100 });
const root = resolve(import.meta.dirname, '..');
const uiDir = join(root, 'packages/ui/dist');
const beforeDir = process.env['BENCH_UI_BEFORE'] || null;
if (beforeDir && !existsSync(join(beforeDir, 'index.html'))) throw new Error(`no UI build in ${beforeDir}`);
if (!existsSync(join(uiDir, 'index.html')))
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const browser = await launchBenchBrowser();
const KINDS: AttentionKind[] = ['finished', 'waiting_for_input', 'error', 'hung'];

interface Sample {
  /** The host's own time for the N notify calls (each one stored in SQLite, synchronous = FULL, and sent). */
  hostMs: number;
  /** From the first notification raised in the host to every one counted in the centre's group index. */
  arriveMs: number;
  /** From the host's last notify call returning to every one counted: how far the page lags behind the burst. */
  lagMs: number;
  rows: number;
  frames: number[];
  /** The static copy's frames (only for the current build). */
  bareFrames: number[];
}

/**
 * A fresh host and page: the notifications arrive as events while the page is open (a long session), then
 * the centre's list (virtualised: only the rows in view are in the DOM) is scrolled top to bottom. The
 * baseline is the same page saved as static HTML with all N rows in its list, scrolled the same way.
 */
async function sample(ui: string): Promise<Sample> {
  const host = await startHost({
    dataDir: mkdtempSync(join(tmpdir(), 'sb-bench-attention-')),
    backend: 'memory',
    uiDir: ui,
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
    const hostMs = performance.now() - raisedAt;
    await page.waitForFunction(
      (count) =>
        document.querySelectorAll('[data-testid="attention-group-count"] .count').length > 0 &&
        [...document.querySelectorAll('[data-testid="attention-group-count"] .count')].reduce(
          (n, c) => n + Number(c.textContent),
          0,
        ) >= count,
      ITEMS,
      { timeout: 300_000 },
    );
    const arriveMs = performance.now() - raisedAt;
    const rows = await page.getByTestId('attention-row').count();
    const frames = await scrollFrames(page);
    if (ui !== uiDir) return { hostMs, arriveMs, lagMs: arriveMs - hostMs, rows, frames, bareFrames: [] };
    // The same page as static HTML at the same origin (so the stylesheets load), no script, with all N rows
    // in the list in normal flow (the rows drawn at the top, repeated), as the centre drew it before it was
    // virtualised.
    const html = await page.evaluate((count) => {
      const copy = document.documentElement.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('script, link[rel="modulepreload"]').forEach((node) => node.remove());
      const list = copy.querySelector<HTMLElement>('.attention-list')!;
      const drawn = [...list.querySelectorAll<HTMLElement>(':scope > li')].filter((li) =>
        li.querySelector('[data-testid="attention-row"]'),
      );
      list.removeAttribute('style');
      list.replaceChildren();
      for (let i = 0; i < count; i++) {
        const li = drawn[i % drawn.length]!.cloneNode(true) as HTMLElement;
        li.removeAttribute('style');
        li.style.position = 'static';
        list.append(li);
      }
      return `<!doctype html>${copy.outerHTML}`;
    }, ITEMS);
    const bareUrl = new URL('/bench-bare-attention.html', host.uiUrl).toString();
    const bare = await context.newPage();
    await bare.route(bareUrl, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await bare.goto(bareUrl);
    const bareRows = await bare.getByTestId('attention-row').count();
    if (bareRows !== ITEMS) throw new Error(`the static copy has ${bareRows} rows, not ${ITEMS}`);
    const bareFrames = await scrollFrames(bare);
    // The same length to scroll (the copy has no group headings: a few rows shorter).
    const [ours, theirs] = [await scrollHeight(page), await scrollHeight(bare)];
    if (Math.abs(ours - theirs) > theirs * 0.1)
      throw new Error(`the centre's list is ${ours} px tall, the static copy's ${theirs} px`);
    return { hostMs, arriveMs, lagMs: arriveMs - hostMs, rows, frames, bareFrames };
  } finally {
    await context.close();
    await host.close();
  }
}

const scrollHeight = (page: Page) =>
  page.getByTestId('attention-scroll').evaluate((list) => list.scrollHeight);

/** Frame intervals (rAF to rAF) while the centre's list is scrolled from top to bottom with the mouse wheel. */
async function scrollFrames(page: Page): Promise<number[]> {
  const list = page.getByTestId('attention-scroll');
  await list.evaluate((element) => element.scrollTo(0, 0));
  const box = (await list.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(300);
  await startFrames(page);
  const height = await scrollHeight(page);
  // At least 30 wheel steps (5 in the smoke run: each step is a few round trips to the browser, and only "it
  // scrolls to the bottom" is checked there).
  const steps = Math.max(SMOKE ? 5 : 30, Math.min(300, Math.round(height / 400)));
  const atBottom = () =>
    list.evaluate((element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 2);
  // Wheel steps of a fixed size until the bottom (a wheel step can be cut short, so count to the end).
  for (let i = 0; i < steps * 2 && (i < steps || !(await atBottom())); i++) {
    await page.mouse.wheel(0, height / steps);
    await page.waitForTimeout(16);
  }
  const frames = await stopFrames(page);
  if (!(await atBottom())) throw new Error(`the list did not scroll to its bottom (${height} px)`);
  return frames;
}

const samples: Sample[] = [];
const before: Sample[] = [];
for (let run = 0; run < RUNS; run++) {
  // Alternated, so the machine's load falls on both alike.
  if (beforeDir) before.push(await sample(beforeDir));
  samples.push(await sample(uiDir));
}
const ours = summarize(samples.flatMap((s) => s.frames));
const bare = summarize(samples.flatMap((s) => s.bareFrames));
const fps = (frames: ReturnType<typeof summarize>) => ({
  n: frames.n,
  p50: 1000 / frames.p50,
  p99: 1000 / frames.p99,
  mean: 1000 / frames.mean,
});
const earlier = beforeDir ? summarize(before.flatMap((s) => s.frames)) : null;
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
    [`host: ${ITEMS} notify calls (ms)`]: { ...summarize(samples.map((s) => s.hostMs)) },
    [`attention centre: ${ITEMS} raised → all counted (ms)`]: {
      ...summarize(samples.map((s) => s.arriveMs)),
    },
    'attention centre: last notify → all counted (ms)': { ...summarize(samples.map((s) => s.lagMs)) },
    'attention centre: fps (1000 / frame)': fps(ours),
    ...(earlier
      ? {
          'before: frame while scrolling (ms)': { ...earlier },
          'before: fps (1000 / frame)': fps(earlier),
          [`before: host: ${ITEMS} notify calls (ms)`]: { ...summarize(before.map((s) => s.hostMs)) },
          'before: last notify → all counted (ms)': { ...summarize(before.map((s) => s.lagMs)) },
          'ratio frame ours / before': {
            n: ours.n,
            p50: ours.p50 / earlier.p50,
            p99: ours.p99 / earlier.p99,
            mean: ours.mean / earlier.mean,
          },
        }
      : {}),
  },
  {
    items: ITEMS,
    rendered: samples[0]!.rows,
    runs: RUNS,
    viewport: '1600x1000',
    frame:
      'rAF-to-rAF interval while the page is scrolled top to bottom with the mouse wheel (at most 300 wheel steps, 16 ms apart)',
    baseline:
      "the centre's own DOM and stylesheets saved as a static page with all N rows in its list (no React, no store, no WebSocket)",
    before: beforeDir,
    load: loadavg()[0],
    browser: browser.version(),
  },
);
await browser.close();
