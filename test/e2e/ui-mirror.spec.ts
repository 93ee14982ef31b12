import type { Locator, Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { allViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true });

const AGENTS = [
  ['builder-1', 'web'],
  ['builder-2', 'web'],
  ['reviewer', 'platform'],
  ['tester', 'platform'],
] as const;

const { host, api } = specHost('--backend', 'sim');

test.beforeAll(async () => {
  // The embedded iTerm2-API server: every agent is a real shell in a pty with a real (coloured) screen.
  await api.call('team.create', { name: 'platform' });
  await api.call('team.create', { name: 'web' });
  for (const [name, team] of AGENTS)
    await api.call('agent.spawn', { name, team, kind: 'shell', role: 'builder' });
});

/** The rows xterm.js has rendered (its DOM renderer: one element per row, spaces as NBSP). */
const rowsText = (mirror: Locator) =>
  mirror
    .locator('.xterm-rows')
    .evaluate((rows) =>
      [...rows.children].map((row) => (row.textContent ?? '').replaceAll('\u00a0', ' ').trimEnd()).join('\n'),
    );

async function screenOf(agent: string): Promise<string> {
  const { screens } = await api.call('pane.read', { targets: [agent], lines: 200 });
  return screens[0]!.lines.join('\n');
}

async function openDetail(page: Page, agent: string) {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Agent detail' }).click();
  await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: agent });
  await expect(page.getByRole('heading', { name: `${agent}'s terminal` })).toBeVisible();
  await expect(page.getByTestId('mirror-status')).toHaveText('Live');
}

/** The computed look of the rendered cell run that says exactly `text` (the output's, not the typed command line's). */
const lookOf = (mirror: Locator, text: string) =>
  mirror
    .locator('.xterm-rows span')
    .filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) })
    .first()
    .evaluate((span) => {
      const style = getComputedStyle(span);
      return { color: style.color, fontWeight: style.fontWeight, classes: span.className };
    });
const rgb = (css: string) => (/rgba?\((\d+), (\d+), (\d+)/.exec(css) ?? []).slice(1).map(Number);

// Colour the shell computes (the typed command line has `\e[31m` as text, not as a colour).
const PRINT_COLOURS = String.raw`printf '\e[31mred-%s\e[0m plain \e[1;32mbold-green\e[0m \e[38;2;255;128;0mtrue-orange\e[0m\n' $((40+2))`;

test("a real shell's colours reach the mirror: red is red, bold green is bold and green, 24-bit orange is orange; the header names the agent", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await api.call('pane.send', {
    targets: ['builder-1'],
    text: String.raw`printf '\e[1;32m✓\e[0m api.spec.ts \e[2m(%s tests)\e[0m\n\e[1;31m✗\e[0m ui.spec.ts \e[33m1 flaky\e[0m\n\e[44;97m deploy \e[0m \e[4mstaging\e[0m\n' $((6*7))`,
  });
  await api.call('pane.send', { targets: ['builder-1'], text: PRINT_COLOURS });
  await expect.poll(() => screenOf('builder-1'), { timeout: 10_000 }).toContain('red-42 plain');
  await openDetail(page, 'builder-1');
  const mirror = page.getByTestId('mirror');
  await expect
    .poll(() => rowsText(mirror), { timeout: 5_000 })
    .toContain('red-42 plain bold-green true-orange');

  const red = await lookOf(mirror, 'red-42');
  const [r, g, b] = rgb(red.color);
  // Palette red, lightened by xterm.js where needed for 4.5:1 contrast on the dark background: still clearly red.
  expect(r).toBeGreaterThan(150);
  expect(r! - Math.max(g!, b!)).toBeGreaterThan(60);
  const green = await lookOf(mirror, 'bold-green');
  expect(Number(green.fontWeight)).toBeGreaterThanOrEqual(600);
  const [gr, gg] = rgb(green.color);
  expect(gg).toBeGreaterThan(gr!);
  expect(rgb((await lookOf(mirror, 'true-orange')).color)).toEqual([255, 128, 0]);

  await page.screenshot({ path: screenshotPath('mirror-colours.png') });

  // The header names the agent; the pane's id is nowhere in the view's text.
  const paneId = (await api.call('fleet.snapshot', {})).agents.find((a) => a.name === 'builder-1')!.paneId!;
  expect(await page.locator('.agent-detail-body').innerText()).not.toContain(paneId);
});

test('scrollback search finds a line that scrolled off the screen; fit to width fills the box; copy copies the screen', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await api.call('pane.send', {
    targets: ['builder-2'],
    text: 'echo early-$((3*111)); seq 1 120; echo late-$((2*222))',
  });
  await expect.poll(() => screenOf('builder-2'), { timeout: 10_000 }).toContain('late-444');
  await openDetail(page, 'builder-2');
  const mirror = page.getByTestId('mirror');
  await expect.poll(() => rowsText(mirror)).toContain('late-444');
  expect(await rowsText(mirror)).not.toContain('early-333');

  await page.getByRole('button', { name: 'Scrollback and search' }).click();
  const search = page.getByRole('searchbox', { name: "Search builder-2's scrollback" });
  await search.fill('early-333');
  await expect(page.locator('.scrollback-count')).toHaveText('1 of 1');
  const found = page.locator('[data-testid="scrollback"] mark[data-active-match]');
  await expect(found).toHaveText('early-333');
  await expect(found).toBeInViewport();
  await page.screenshot({ path: screenshotPath('mirror-scrollback.png') });
  await search.fill('1');
  await expect(page.locator('.scrollback-count')).toHaveText(/^\d+ of \d+$/);
  const last = await page.locator('.scrollback-count').innerText();
  await search.press('Enter');
  await expect(page.locator('.scrollback-count')).toHaveText(/^1 of /);
  await search.press('Shift+Enter');
  await expect(page.locator('.scrollback-count')).toHaveText(last);

  // Not fitted, the box is as wide as the pane; fitted, the pane's columns fill it.
  const widths = () =>
    mirror.evaluate((box) => ({
      box: box.getBoundingClientRect().width,
      screen: box.querySelector('.xterm-screen')!.getBoundingClientRect().width,
      panel: box.parentElement!.getBoundingClientRect().width,
    }));
  const before = await widths();
  expect(before.box).toBeLessThan(before.screen + 40);
  await page.getByRole('checkbox', { name: 'Fit to width' }).check();
  await expect
    .poll(
      async () => {
        const w = await widths();
        return w.screen / w.panel;
      },
      { timeout: 5_000 },
    )
    .toBeGreaterThan(0.85);

  await page.getByRole('button', { name: /^Copy builder-2's screen/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /Copied \d+ lines/ })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('late-444');
  expect(copied).not.toContain('\x1b');

  expect(await allViolations(page)).toEqual([]);
});

test("the terminal grid shows four agents' live output side by side; unticking one gives its subscription back", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Terminals' }).click();
  const tiles = page.getByTestId('mirror-tile');
  await expect(tiles).toHaveCount(4);
  const lines = [
    String.raw`printf '\e[1;32mPASS\e[0m api.spec.ts (%s tests)\n' $((6*7))`,
    String.raw`printf '\e[1;31mFAIL\e[0m ui.spec.ts \e[2m(1 of %s)\e[0m\n' $((2*6))`,
    String.raw`printf '\e[33mwarn\e[0m lockfile drift in %s packages\n' $((1+2))`,
    String.raw`printf '\e[36minfo\e[0m watching for changes, %s files\n' $((100+28))`,
  ];
  for (const [i, [name]] of AGENTS.entries())
    await api.call('pane.send', { targets: [name], text: `${lines[i]}; echo tile-${name}-$((${i}+1000))` });
  for (const [i, [name]] of AGENTS.entries()) {
    await expect
      .poll(
        () =>
          rowsText(page.locator(`[data-testid="mirror-tile"][data-agent="${name}"] [data-testid="mirror"]`)),
        { timeout: 10_000 },
      )
      .toContain(`tile-${name}-${i + 1000}`);
  }
  const [fr, fg, fb] = rgb(
    (await lookOf(page.locator('[data-agent="builder-2"] [data-testid="mirror"]'), 'FAIL')).color,
  );
  expect(fr! - Math.max(fg!, fb!)).toBeGreaterThan(60);
  // Each tile's terminal uses the tile's width (the simulator's 43-column panes sit four side by side), and
  // the whole grid fits the window.
  for (const [name] of AGENTS) {
    const tile = page.locator(`[data-testid="mirror-tile"][data-agent="${name}"]`);
    await expect
      .poll(async () => {
        const tileBox = (await tile.boundingBox())!;
        const screen = (await tile.locator('.xterm-screen').boundingBox())!;
        return screen.width / tileBox.width;
      })
      .toBeGreaterThan(0.85);
    const tileBox = (await tile.boundingBox())!;
    expect(tileBox.y + tileBox.height).toBeLessThanOrEqual(1000);
  }
  await page.screenshot({ path: screenshotPath('mirror-grid.png') });
  expect(await allViolations(page)).toEqual([]);

  // Untick the tester: three tiles, and nobody mirrors the tester's pane any more.
  await page.getByText('Choose agents').click();
  await page.getByRole('checkbox', { name: /^tester/ }).uncheck();
  await expect(tiles).toHaveCount(3);
  const paneId = (await api.call('fleet.snapshot', {})).agents.find((a) => a.name === 'tester')!.paneId!;
  await expect
    .poll(async () => {
      const answer = await api.call('pane.mirror', { target: paneId });
      await api.call('pane.unmirror', { paneId });
      return answer.viewers;
    })
    .toBe(1);
});
