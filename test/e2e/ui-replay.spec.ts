import { readFileSync } from 'node:fs';
import { expect, test } from './host-fixture';
import { unpackTarGz } from '@switchboard/core/testing';
import { BundleManifest } from '@switchboard/protocol';
import { startHostProcess, type HostProcess } from './host-process';
import { AgentLinks, HostApi } from './host-api';
import { seriousViolations } from './ui-axe';
import { screenshotPath } from './screenshots';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true, viewport: { width: 1440, height: 1000 } });

let host: HostProcess;
let api: HostApi;
let agents: AgentLinks;
test.beforeAll(async () => {
  // Real shells behind the embedded iTerm2-API server, recorded with colours.
  host = await startHostProcess(['--backend', 'sim', '--recordings', 'styles']);
  api = await HostApi.connect(host);
  agents = new AgentLinks(
    () => host,
    () => api,
  );
});
test.afterAll(async () => {
  agents?.close();
  api?.close();
  await host?.stop();
});

test("replay: two agents' recordings side by side in colour, on a timeline of the fleet's events; play, next event, jump; the fleet bundle downloads; agents cannot read recordings; axe", async ({
  page,
}) => {
  await api.call('agent.spawn', { name: 'builder-1', kind: 'shell', role: 'builder' });
  await api.call('agent.spawn', { name: 'tester-1', kind: 'shell', role: 'tester' });
  const screenOf = async (agent: string) =>
    (await api.call('pane.read', { targets: [agent], lines: 50 })).screens[0]!.lines.join('\n');
  // The shell computes the words (and the colour), so only the output holds them: red, then plain.
  await api.call('pane.send', {
    targets: ['builder-1'],
    text: `printf '\\033[31m%s\\033[0m %s\\n' "build $((3+4)) FAILED" "see the log"`,
  });
  await expect.poll(() => screenOf('builder-1'), { timeout: 15_000 }).toContain('build 7 FAILED see the log');
  // The recorder takes frames at the screen observer's pace, after the live screen: the message below must come
  // after the frame that holds the line, or the replay of its moment rightly shows the screen before (a loaded CI
  // machine sent the message first).
  const recorded = (agent: string) =>
    api.call('recording.export', { agent, format: 'text' }).then(({ content }) => content as string);
  await expect.poll(() => recorded('builder-1'), { timeout: 15_000 }).toContain('build 7 FAILED see the log');
  const builder = await agents.as('builder-1');
  await builder.call('message.send', { to: { agent: 'tester-1' }, body: 'build 7 failed, hold the tests' });
  await builder.call('lock.acquire', {
    resource: { kind: 'file', name: 'src/build.ts' },
    reason: 'fixing build 7',
  });
  await api.call('pane.send', { targets: ['tester-1'], text: 'echo "tests on hold: $((6*7)) waiting"' });
  await expect.poll(() => screenOf('tester-1'), { timeout: 15_000 }).toContain('tests on hold: 42 waiting');
  await api.call('pane.send', { targets: ['builder-1'], text: 'echo "build $((4+4)) passed"' });
  await expect.poll(() => screenOf('builder-1'), { timeout: 15_000 }).toContain('build 8 passed');

  // Only the human reads recordings: an agent's own MCP link is refused, for another's and its own.
  for (const call of [
    () => builder.call('recording.frames', { agent: 'tester-1' }),
    () => builder.call('recording.timeline', { agents: ['tester-1'] }),
    () => builder.call('recording.export', { agent: 'tester-1', format: 'text' }),
    () => builder.call('recording.list', {}),
    () => builder.call('recording.bundle', {}),
  ])
    await expect(call()).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|not_found/) });

  await page.goto(host.uiUrl);
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'builder-1' });
  // Not with itself: the agent replayed is not offered to compare with.
  const compareWith = page.getByRole('combobox', { name: 'Compare with' });
  await expect(compareWith.locator('option', { hasText: 'builder-1' })).toHaveCount(0);
  await compareWith.selectOption({ label: 'tester-1' });
  const builderLane = page.locator('.replay-lane[data-agent="builder-1"]');
  const testerLane = page.locator('.replay-lane[data-agent="tester-1"]');
  await expect(builderLane).toBeVisible({ timeout: 15_000 });
  await expect(testerLane).toBeVisible();

  // The timeline holds both agents' events: the message out and in, the lock, states.
  const events = page.getByTestId('replay-event');
  await expect(events.filter({ hasText: 'message sent' })).toContainText('build 7 failed, hold the tests');
  await expect(events.filter({ hasText: 'message received' })).toContainText('tester-1');
  await expect(events.filter({ hasText: 'lock taken' })).toContainText('src/build.ts');

  // Jump to the message: the builder's screen of that moment shows the red line, in red; not yet "build 8".
  await events.filter({ hasText: 'message sent' }).getByRole('button').click();
  await expect(builderLane.getByTestId('replay-screen-text')).toContainText('build 7 FAILED see the log');
  await expect(builderLane.getByTestId('replay-screen-text')).not.toContainText('build 8 passed');
  // Colours as recorded: the failure in red (xterm.js draws it as an inline colour, contrast-adjusted), the rest plain.
  const colourOf = (text: string) =>
    builderLane
      .locator('.xterm-rows span', { hasText: text })
      .last()
      .evaluate((span) => getComputedStyle(span).color);
  const [r, g, b] = (await colourOf('build 7 FAILED')).match(/\d+/g)!.map(Number);
  expect(r! - Math.max(g!, b!)).toBeGreaterThan(80);
  expect(await colourOf('see the log')).not.toBe(await colourOf('build 7 FAILED'));

  // Next event moves the time forward to the next event's moment: one more event is behind the clock (the
  // clock's text shows tenths of a second, and a message's delivery can follow its send within one).
  const past = page.locator('[data-testid="replay-event"].past');
  const before = await past.count();
  await page.getByRole('button', { name: 'Next event' }).click();
  await expect(past).not.toHaveCount(before);
  expect(await past.count()).toBeGreaterThan(before);

  // Play at 64× to the end: both screens end as they are live.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('64');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(builderLane.getByTestId('replay-screen-text')).toContainText('build 8 passed');
  await expect(testerLane.getByTestId('replay-screen-text')).toContainText('tests on hold: 42 waiting');
  // The list marks where the clock is (the last event, at the end) and keeps it in sight.
  await expect(page.locator('[data-testid="replay-event"][aria-current="true"]')).toHaveCount(1);
  await expect(events.last()).toHaveAttribute('aria-current', 'true');
  const inSight = await events.last().evaluate((item) => {
    const list = item.parentElement!.getBoundingClientRect();
    const box = item.getBoundingClientRect();
    return box.top >= list.top - 1 && box.bottom <= list.bottom + 1;
  });
  expect(inSight).toBe(true);

  // The fleet's session over the replay's span as one download: the system's tar unpacks it to a manifest
  // and both agents' recordings, the message among the events.
  const [saved] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export bundle' }).click(),
  ]);
  expect(saved.suggestedFilename()).toMatch(/^switchboard-bundle-.*\.tar\.gz$/);
  const files = await unpackTarGz(readFileSync((await saved.path())!));
  const manifest = BundleManifest.parse(JSON.parse(files.get('manifest.json')!.text));
  expect(manifest.agents.map((agent) => agent.name).sort()).toEqual(['builder-1', 'tester-1']);
  const castOf = (name: string) =>
    files.get(manifest.files.find((file) => file.kind === 'asciicast' && file.path.includes(name))!.path)!
      .text;
  expect(castOf('builder-1')).toContain('build 7 FAILED');
  expect(castOf('tester-1')).toContain('tests on hold: 42 waiting');
  expect(files.get('events.jsonl')!.text).toContain('build 7 failed, hold the tests');
  await expect(page.getByRole('status').filter({ hasText: 'Saved switchboard-bundle-' })).toBeVisible();

  // Back to the message and look: the screenshot for the README.
  await events.filter({ hasText: 'message sent' }).getByRole('button').click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('replay-timeline.png') });
});
