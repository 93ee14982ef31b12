import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { packagedChromium } from './packaged-chromium';

/**
 * The Chromium to test with: $CHROMIUM_PATH, else a `chromium` on PATH (Debian's package), else
 * Playwright's own download, else the Chromium packaged in the npm registry (`@sparticuz/chromium`, a
 * dev dependency, so `npm ci` on a machine with only Node brings a browser). Without any, the run stops
 * with one line saying how to get one.
 */
export function chromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  const packaged = packagedChromium();
  if (packaged) return packaged;
  throw new Error(
    'No Chromium found: install one (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH.',
  );
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
