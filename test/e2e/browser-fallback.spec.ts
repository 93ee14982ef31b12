// A newcomer's machine has Node and npm and nothing else: no system Chromium, no Playwright download,
// an empty HOME. The e2e run must still find a browser: the one packaged in the npm registry.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './host-fixture';
import { chromium } from 'playwright-core';
import { chromiumArgs } from './browser';
import { PACKAGED_CHROMIUM_DIR } from './packaged-chromium';

const repository = resolve(import.meta.dirname, '../..');

/** An environment with no browser in sight: PATH holds only node, which and ldd; HOME and Playwright's cache are empty. */
function bareEnvironment(): NodeJS.ProcessEnv {
  const root = mkdtempSync(join(tmpdir(), 'sb-bare-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const tool of ['which', 'ldd']) {
    try {
      symlinkSync(
        execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(),
        join(bin, tool),
      );
    } catch {
      // not on this machine either: the code under test copes without it
    }
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['CHROMIUM_PATH'];
  return {
    ...env,
    PATH: bin,
    HOME: join(root, 'home'),
    PLAYWRIGHT_BROWSERS_PATH: join(root, 'ms-playwright'),
    XDG_CACHE_HOME: join(root, 'cache'),
  };
}

test('with no system Chromium, no Playwright download and a clean HOME, the packaged Chromium is found, launches and runs a page', async () => {
  test.setTimeout(300_000);
  const env = bareEnvironment();
  mkdirSync(env['HOME']!, { recursive: true });
  expect(
    execFileSync('/bin/sh', ['-c', 'command -v chromium || command -v chromium-browser || echo none'], {
      env,
      encoding: 'utf8',
    }).trim(),
  ).toBe('none');
  // Unpacked afresh, as on a new machine.
  rmSync(PACKAGED_CHROMIUM_DIR, { recursive: true, force: true });
  const found = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('./test/e2e/browser.ts').then((m) => process.stdout.write(m.chromiumPath()))",
    ],
    {
      cwd: repository,
      env,
      encoding: 'utf8',
      timeout: 280_000,
    },
  );
  expect(found).toBe(join(PACKAGED_CHROMIUM_DIR, 'chromium-wrapper.sh'));

  const browser = await chromium.launch({ executablePath: found, headless: true, args: chromiumArgs, env });
  try {
    const page = await browser.newPage();
    await page.setContent(
      '<p id="answer">computed: <span></span></p><script>document.querySelector("span").textContent = String(6 * 7)</script>',
    );
    await expect(page.locator('#answer')).toHaveText('computed: 42');
    // Text is drawn, symbols the bundled font lacks included (with the package's own font config it drew none).
    await page.setContent(
      '<p id="glyphs" style="font-size: 32px; display: inline-block">close × enter ⏎ next → done ✓</p>',
    );
    const drawn = await page.locator('#glyphs').screenshot();
    await page
      .locator('#glyphs')
      .evaluate((element) => ((element as HTMLElement).style.color = 'transparent'));
    expect(drawn.equals(await page.locator('#glyphs').screenshot())).toBe(false);
  } finally {
    await browser.close();
  }
});

test('the e2e specs take $CHROMIUM_PATH, else the headless shell when installed, else chromium', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sb-browsers-'));
  try {
    // Two PATHs: one with both Debian commands, one with chromium only (stand-ins: the choice only reads PATH).
    const both = join(root, 'both');
    const fullOnly = join(root, 'full-only');
    for (const dir of [both, fullOnly]) mkdirSync(dir);
    for (const [dir, name] of [
      [both, 'chromium-headless-shell'],
      [both, 'chromium'],
      [fullOnly, 'chromium'],
    ] as const)
      writeFileSync(join(dir, name), '#!/bin/sh\n', { mode: 0o755 });
    const which = execFileSync('/bin/sh', ['-c', 'command -v which'], { encoding: 'utf8' }).trim();
    symlinkSync(which, join(both, 'which'));
    symlinkSync(which, join(fullOnly, 'which'));
    const explicit = join(both, 'chromium');
    const script = `import('./test/e2e/browser.ts').then((m) => {
      const pick = (path, chromiumPath) => {
        process.env.PATH = path;
        if (chromiumPath) process.env.CHROMIUM_PATH = chromiumPath;
        else delete process.env.CHROMIUM_PATH;
        return m.e2eChromiumPath();
      };
      process.stdout.write(JSON.stringify([pick(${JSON.stringify(both)}), pick(${JSON.stringify(fullOnly)}), pick(${JSON.stringify(both)}, ${JSON.stringify(explicit)})]));
    })`;
    const picked = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: repository,
        encoding: 'utf8',
        timeout: 60_000,
      }),
    );
    expect(picked).toEqual([join(both, 'chromium-headless-shell'), join(fullOnly, 'chromium'), explicit]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
