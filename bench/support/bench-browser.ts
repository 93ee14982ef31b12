import { chromium, type Browser } from 'playwright-core';
import { SMOKE } from '../stats';
import { chromiumArgs, chromiumPath, e2eChromiumArgs, e2eChromiumPath } from '../../test/e2e/browser';

/**
 * The browser a bench drives. A measured run: the full Chromium with chromiumArgs, so its numbers stay comparable
 * with the published ones. The smoke run (`npm test`, nothing timed there): the e2e specs' browser — Chromium's
 * headless shell when installed, the GPU work in the browser process — the same Blink, V8 and renderer for less
 * CPU (docs/performance.md, "CI", session 17).
 */
export function launchBenchBrowser(): Promise<Browser> {
  return SMOKE
    ? chromium.launch({ executablePath: e2eChromiumPath(), headless: true, args: e2eChromiumArgs })
    : chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}
