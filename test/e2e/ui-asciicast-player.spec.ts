import { createRequire } from 'node:module';
import { expect, test } from './host-fixture';
import { startHostProcess, type HostProcess } from './host-process';
import { HostApi } from './host-api';
import { screenshotPath } from './screenshots';

// The asciicast export (issue 25 item 5) played by asciinema's own player (npm `asciinema-player`, pinned)
// in Chromium: what a real shell printed, colours included, is on the player's screen at the end.
const require = createRequire(import.meta.url);
const playerScript = require.resolve('asciinema-player/dist/bundle/asciinema-player.min.js');
const playerStyles = require.resolve('asciinema-player/dist/bundle/asciinema-player.css');

let host: HostProcess;
let api: HostApi;
test.beforeAll(async () => {
  host = await startHostProcess(['--backend', 'sim', '--recordings', 'styles']);
  api = await HostApi.connect(host);
});
test.afterAll(async () => {
  api?.close();
  await host?.stop();
});

test('the asciicast export plays in asciinema-player: the printed lines end on its screen, the red one red', async ({
  page,
}) => {
  await api.call('agent.spawn', { name: 'caster', kind: 'shell', role: 'builder' });
  const screen = async () =>
    (await api.call('pane.read', { targets: ['caster'], lines: 50 })).screens[0]!.lines.join('\n');
  await api.call('pane.send', {
    targets: ['caster'],
    text: `printf '\\033[31m%s\\033[0m %s\\n' "deploy $((2+3)) FAILED" "rolling back"`,
  });
  await expect.poll(screen, { timeout: 15_000 }).toContain('deploy 5 FAILED rolling back');
  await api.call('pane.send', { targets: ['caster'], text: 'echo "rollback $((9-8)) done"' });
  await expect.poll(screen, { timeout: 15_000 }).toContain('rollback 1 done');
  await expect
    .poll(
      async () => (await api.call('recording.export', { agent: 'caster', format: 'asciicast' })).content,
      {
        timeout: 5_000,
      },
    )
    .toContain('rollback 1 done');
  const cast = (await api.call('recording.export', { agent: 'caster', format: 'asciicast' })).content;

  await page.setContent('<main><div id="player"></div></main>');
  await page.addStyleTag({ path: playerStyles });
  await page.addScriptTag({ path: playerScript });
  await page.evaluate((data) => {
    const player = (window as unknown as { AsciinemaPlayer: { create: (...args: unknown[]) => unknown } })
      .AsciinemaPlayer;
    player.create({ data }, document.getElementById('player'), {
      autoPlay: true,
      speed: 20,
      idleTimeLimit: 0.2,
    });
  }, cast);
  const terminal = page.locator('#player .ap-term');
  await expect(terminal).toContainText('deploy 5 FAILED rolling back', { timeout: 20_000 });
  await expect(terminal).toContainText('rollback 1 done', { timeout: 20_000 });
  const colour = await terminal
    .locator('span', { hasText: 'FAILED' })
    .last()
    .evaluate((span) => getComputedStyle(span).color);
  const [r, g, b] = colour.match(/\d+/g)!.map(Number);
  expect(r! - Math.max(g!, b!)).toBeGreaterThan(60);
  await page.screenshot({ path: screenshotPath('asciicast-player.png') });
});
