import { expect, specHost, test } from './host-fixture';
import { allViolations } from './ui-axe';

// axe-core is injected as a script; the host's strict CSP would (rightly) refuse it.
test.use({ bypassCSP: true });

// Held message deliveries in the attention centre (issue 22, item 1), on the embedded iTerm2-API server: the
// human keeps typing into a real bash pane, so the pane input gate holds a message for it; the centre lists it
// with the text as text (a hostile body stays characters) and why it waits, and drops it once delivered.

const { host, api } = specHost('--backend', 'sim');

const HOSTILE = `<img src=x onerror="document.title='pwned'"> deploy <b>now</b>`;

test.beforeAll(async () => {
  await api.call('team.create', { name: 'ops' });
  await api.call('agent.spawn', {
    name: 'deployer',
    team: 'ops',
    kind: 'shell',
  });
  // Messages may be typed into its (bare shell) pane: framed as a no-op, only at an idle prompt.
  await api.call('message.setPaneInput', { agent: 'deployer', mode: 'shell' });
});

test('a delivery held while the human types in the pane is listed as text with its reason, and leaves once delivered', async ({
  page,
}) => {
  await page.goto(host.uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('button', { name: /^Attention/ }).click();
  const row = page.getByTestId('held-delivery');
  await expect(row).toHaveCount(0);

  // The human types into the pane (a no-op command) every second: automated input waits ("take control").
  let typing = true;
  const keepTyping = (async () => {
    while (typing) {
      await api.call('pane.send', { targets: ['deployer'], text: ':' });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  try {
    await api.call('message.send', { to: { agent: 'deployer' }, kind: 'instruction', body: HOSTILE });
    await expect(row).toHaveCount(1, { timeout: 20_000 });
    await expect(row).toContainText('To deployer from you');
    await expect(row.getByTestId('held-body')).toHaveText(HOSTILE);
    await expect(row.getByTestId('held-reason')).toContainText('The human is typing');
    // Text, never markup: no element came out of the body, nothing ran.
    await expect(row.locator('img, b')).toHaveCount(0);
    expect(await page.title()).not.toBe('pwned');
    expect(await allViolations(page)).toEqual([]);
  } finally {
    typing = false;
    await keepTyping;
  }
  // The human stops: after the quiet period the message is typed into the pane and the row goes.
  await expect(row).toHaveCount(0, { timeout: 30_000 });
  await expect
    .poll(
      async () =>
        (await api.call('message.history', { agent: 'deployer', limit: 1 })).messages[0]?.pane.state,
    )
    .toBe('submitted');
});
