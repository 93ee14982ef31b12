// An agent cut off mid-turn by a host crash is not left stranded (session 27, found by use in session 26's walk):
// two real Claude Code CLIs against the scripted local model on the embedded iTerm2-API server; mia is mid-turn (the
// model still streaming her answer), ned has finished his. The host is SIGKILLed and started again: both come back
// resuming their own conversations. Claude Code shows mia's last prompt above its input box and nothing more — idle,
// as if her turn had ended. The attention centre says what happened and offers the decision; ned gets nothing.
// The person clicks "Continue its turn": the fixed prompt reaches the model in mia's resumed conversation.
import { existsSync } from 'node:fs';
import { CONTINUE_TURN_PROMPT, SwitchboardError } from '@switchboard/protocol';
import { expect, test } from './host-fixture';
import { HostApi } from './host-api';
import { claudeMachine } from './claude-machine';
import type { HostProcess } from './host-process';
import { screenshotPath } from './screenshots';
import { CLAUDE_BIN } from '../../packages/host/test/health/support/claude-env';
import { startScriptedModel, type ModelRequest, type ModelTurn } from '../support/scripted-model';

const KEY = 'sk-ant-api03-scripted-resume-key-0123456789abcdefghi';

test.skip(!existsSync(CLAUDE_BIN), 'the Claude Code CLI is not installed (npm ci installs it)');

test("a Claude Code agent cut off mid-turn by a host crash is the human's decision: told, continued on a click", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const never = new Promise<void>(() => undefined);
  const script = (request: ModelRequest): ModelTurn => {
    const typed = request.userTexts.at(-1) ?? '';
    if (request.main && typed.startsWith('Build the thing'))
      return { kind: 'text', text: 'Building', chunkDelayMs: 1000, hold: never };
    if (request.main && typed === CONTINUE_TURN_PROMPT)
      return { kind: 'text', text: 'Continuing the build.' };
    return { kind: 'text', text: 'ok' };
  };
  const model = await startScriptedModel(script);
  const { folders, start } = await claudeMachine(KEY, model.url, ['shop']);
  const shop = folders['shop']!;
  const hosts: HostProcess[] = [];
  const links: HostApi[] = [];
  const continued = () =>
    model.requests.filter((r) => r.main && r.userTexts.at(-1) === CONTINUE_TURN_PROMPT).length;
  try {
    const host = await start();
    hosts.push(host);
    const api = await HostApi.connect(host);
    links.push(api);
    for (const [name, task] of [
      ['mia', 'Build the thing.'],
      ['ned', 'Say ok.'],
    ] as const)
      await api.call('agent.spawn', {
        name,
        kind: 'claude',
        cwd: shop,
        args: ['--permission-mode', 'default'],
        task,
      });
    const state = async (link: HostApi, name: string) =>
      (await link.call('health.get', { agent: name })).state;
    await expect.poll(() => state(api, 'mia'), { timeout: 180_000 }).toBe('working');
    await expect
      .poll(() => model.requests.some((r) => r.main && r.userTexts.at(-1) === 'Say ok.'), {
        timeout: 180_000,
      })
      .toBe(true);
    await expect.poll(() => state(api, 'ned'), { timeout: 120_000 }).toBe('idle');
    expect(await state(api, 'mia')).toBe('working');

    await host.crash();
    const again = await start();
    hosts.push(again);
    const api2 = await HostApi.connect(again);
    links.push(api2);
    const read = async (name: string) => {
      try {
        return (await api2.call('pane.read', { targets: [name] })).screens[0]!.lines.join('\n');
      } catch (error) {
        // Until the restarted host has relaunched the pane: `unavailable` ("has no open pane").
        if (error instanceof SwitchboardError && error.code === 'unavailable') return '';
        throw error;
      }
    };
    // What Claude Code 2.1.328 shows, resumed after a turn cut off mid-answer: the last prompt above the input box,
    // no answer, no "Interrupted" — and it sits there. Its health reads idle (the input box, SessionStart's hook).
    await expect
      .poll(() => read('mia'), { timeout: 120_000 })
      .toMatch(/❯ Build the thing\.[\s\S]*manual mode on/);
    await expect.poll(() => state(api2, 'mia'), { timeout: 60_000 }).toBe('idle');
    const items = async () =>
      (await api2.call('attention.list', {})).items.filter((i) => i.status === 'open');
    const ids = Object.fromEntries((await api2.call('agent.list', {})).agents.map((a) => [a.name, a.id]));
    await expect
      .poll(async () => (await items()).filter((i) => i.agentId === ids['mia']).map((i) => i.kind), {
        timeout: 60_000,
      })
      .toEqual(['turn_interrupted']);

    // The org chart: mia reads idle, yet she is in "Needs you" (turn cut off, with Continue) and her card says so.
    await page.goto(again.uiUrl);
    const lane = page.getByTestId('lane-item').filter({ hasText: 'mia' });
    await expect(lane).toContainText('turn cut off', { timeout: 30_000 });
    await expect(lane.getByRole('button', { name: 'Continue its turn' })).toBeVisible();
    await expect(page.getByTestId('agent-card').filter({ hasText: 'mia' })).toHaveAttribute(
      'aria-label',
      /idle, turn cut off/,
    );
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: screenshotPath(`needs-you-turn-cut-off-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: /^Attention/ }).click();
    const row = page.getByTestId('attention-row').filter({ hasText: 'its last turn was interrupted' });
    await expect(row).toHaveCount(1, { timeout: 30_000 });
    await expect(row).toContainText('mia resumed after a restart: its last turn was interrupted');
    await expect(row).toContainText('it was working when its CLI stopped');
    await expect(row.getByRole('button', { name: 'Go to pane' })).toBeVisible();
    // ned was idle when the host went: resumed too, nothing to decide (not even a "finished" for its relaunch).
    await expect.poll(() => read('ned'), { timeout: 60_000 }).toMatch(/manual mode on/);
    await expect.poll(() => state(api2, 'ned'), { timeout: 60_000 }).toBe('idle');
    await expect
      .poll(async () => (await items()).filter((i) => i.agentId === ids['ned']).length, { timeout: 30_000 })
      .toBe(0);
    // Nothing was typed into mia's pane by itself.
    expect(continued()).toBe(0);
    await page.screenshot({ path: screenshotPath('attention-turn-interrupted.png') });

    await row.getByRole('button', { name: 'Continue its turn' }).click();
    await expect.poll(continued, { timeout: 120_000 }).toBe(1);
    await expect(row).toHaveCount(0, { timeout: 30_000 });
    await expect.poll(() => read('mia'), { timeout: 60_000 }).toContain('Continuing the build.');
    // Her resumed conversation, not a fresh one: the model saw the interrupted prompt before the continuation.
    const last = model.requests.filter((r) => r.main && r.userTexts.at(-1) === CONTINUE_TURN_PROMPT).at(-1)!;
    expect(last.userTexts).toContain('Build the thing.');
    expect(continued()).toBe(1);
  } finally {
    for (const link of links) link.close();
    for (const host of hosts) await host.stop();
    await model.close();
  }
});
