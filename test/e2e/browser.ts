import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { packagedChromium } from './packaged-chromium';

/** The first of these commands on PATH, as an absolute path. */
function onPath(...names: string[]): string | undefined {
  for (const name of names) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

/**
 * The Chromium to test with: $CHROMIUM_PATH, else a `chromium` on PATH (Debian's package), else
 * Playwright's own download, else the Chromium packaged in the npm registry (`@sparticuz/chromium`, a
 * dev dependency, so `npm ci` on a machine with only Node brings a browser). Without any, the run stops
 * with one line saying how to get one.
 */
export function chromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const installed = onPath('chromium', 'chromium-browser');
  if (installed) return installed;
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  const packaged = packagedChromium();
  if (packaged) return packaged;
  throw new Error(
    'No Chromium found: install one (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH.',
  );
}

/**
 * The browser the e2e specs drive: $CHROMIUM_PATH, else Chromium's headless shell when installed (Debian:
 * `apt-get install -y chromium-headless-shell`, the same Chromium version as `chromium`), else chromiumPath().
 * The headless shell is what Playwright itself runs for headless Chromium: the same Blink, V8 and renderer,
 * without the full browser's UI (its top-chrome WebUI renderers, an on-device-model service, GPU rasterization):
 * the same 16 tests of six UI specs used 0.59x the browser CPU, 0.68x the whole run's (docs/performance.md, "CI",
 * session 16).
 */
export function e2eChromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return onPath('chromium-headless-shell') ?? chromiumPath();
}

/** Flags for a sandboxed CI machine with no network beyond loopback. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * The e2e specs' flags: chromiumArgs, with the GPU process's work (software compositing: there is no GPU here) on a
 * thread of the browser process instead of a process of its own. Six UI tests used 0.84x the CPU with it
 * (docs/performance.md, "CI", session 16); what the page draws is the same. The benches keep chromiumArgs.
 */
export const e2eChromiumArgs = [...chromiumArgs, '--in-process-gpu'];
