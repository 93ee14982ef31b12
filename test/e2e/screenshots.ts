import { join } from 'node:path';

/**
 * Where e2e screenshots go: a build folder, never the tracked docs/screenshots (a test run must not
 * change the docs). `npm run screenshots:docs` copies chosen ones into docs/screenshots on purpose.
 */
export const SCREENSHOT_DIR = join('test-results', 'screenshots');

export function screenshotPath(name: string): string {
  return join(SCREENSHOT_DIR, name);
}
