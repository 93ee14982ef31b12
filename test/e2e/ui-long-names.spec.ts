// Found by use (session 24): long names. A team called "frontend-platform-infrastructure-and-design-systems" kept its
// whole name in the chart's header and pushed "Rename" (and the agent count) out past the team's right edge, onto
// the canvas beside it. Names are cut with an ellipsis instead (the full name stays in the group's label), the count
// gives way first, and every part of the header stays inside the team.
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';

const { api, host } = specHost('--backend', 'memory');
const LONG_TEAM = 'frontend-platform-infrastructure-and-design-systems';
const LONG_AGENT = 'a-really-long-agent-name-for-the-frontend-refactor';

test.beforeAll(async () => {
  await api.call('team.create', { name: LONG_TEAM });
  await api.call('team.create', { name: 'web' });
  await api.call('agent.spawn', { name: LONG_AGENT, kind: 'shell', team: LONG_TEAM });
  await api.call('agent.spawn', { name: 'w1', kind: 'shell', team: 'web' });
});

test('a long team name is cut inside its header; Rename and the count stay inside the team', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.uiUrl);
  const team = page.locator(`[data-team="${LONG_TEAM}"]`);
  await expect(team.getByRole('button', { name: `Rename team ${LONG_TEAM}` })).toBeVisible();
  await expect(page.locator(`[data-agent="${LONG_AGENT}"]`)).toBeVisible();
  await page.waitForTimeout(400); // the first fit
  const outside = await team.evaluate((node) => {
    const box = node.getBoundingClientRect();
    return [...node.querySelectorAll('.team-node-head > *')]
      .filter((part) => {
        const r = part.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
      })
      .map((part) => part.textContent);
  });
  expect(outside).toEqual([]);
  // Cut, not hidden: the name shows its start, the group still says it whole, and so does its tooltip; the card's
  // cut name too.
  await expect(team.locator('.team-name')).toContainText('frontend-platform');
  await expect(team).toHaveAttribute('aria-label', new RegExp(LONG_TEAM));
  await expect(team.locator('.team-name')).toHaveAttribute('title', LONG_TEAM);
  await expect(page.locator(`[data-agent="${LONG_AGENT}"] .agent-name`)).toHaveAttribute('title', LONG_AGENT);
});

// Session 26's review, 60 agents in six teams at 900×700 (the compact view): a long team name kept the whole header
// beside its swatch and fold button, ran past the team's edge and was clipped mid-letter ("frontend-plat"), and
// Broadcast with it ("Broadcas"). Now the count gives way, then Broadcast, then the name, each with an ellipsis.
test('compact teams (60 agents at 900×700): every part of a header stays inside it, a long name cut with an ellipsis', async ({
  page,
}) => {
  const teams = [
    'backend-payments-reconciliation',
    'mobile-release-engineering',
    'qa',
    'security-and-compliance',
  ];
  for (const team of teams) await api.call('team.create', { name: team });
  for (let i = 0; i < 56; i++)
    await api.call('agent.spawn', { name: `agent-${i}`, kind: 'shell', team: [...teams, LONG_TEAM][i % 5]! });
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto(host.uiUrl);
  await expect(page.locator('.team-node.compact')).toHaveCount(6);
  await expect(
    page.locator('.team-node.compact').getByRole('button', { name: /^Broadcast/ }),
  ).not.toHaveCount(0);
  const heads = await page.locator('.team-node.compact .team-node-head').evaluateAll((heads) =>
    heads.map((head) => {
      const box = head.getBoundingClientRect();
      const name = head.querySelector<HTMLElement>('.team-name')!;
      return {
        team: name.title,
        outside: [...head.children]
          .map((part) => [part.textContent, part.getBoundingClientRect()] as const)
          .filter(([, r]) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1))
          .map(([text]) => text),
        // A cut name ends in its ellipsis inside the header (text-overflow), not at the header's edge.
        cut: name.scrollWidth > name.clientWidth + 1,
      };
    }),
  );
  expect(heads.filter((head) => head.outside.length)).toEqual([]);
  expect(heads.find((head) => head.team === LONG_TEAM)?.cut).toBe(true);
});

// Session 26's review: the flow view's "Busiest links" centred each line of a link between two long names.
test("the flow view's busiest links between long names read from the left, line by line", async ({
  page,
}) => {
  const { token } = await api.call('agent.issueToken', { agent: LONG_AGENT });
  const long = await HostApi.connect(host, token);
  try {
    await long.call('message.send', { kind: 'request', to: { agent: 'w1' }, body: 'which branch?' });
  } finally {
    long.close();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.uiUrl);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Message flow' }).click();
  const link = page.getByTestId('flow-link').filter({ hasText: LONG_AGENT });
  await expect(link).toBeVisible();
  const lines = await link.evaluate((button) => {
    const range = document.createRange();
    range.selectNodeContents(button);
    const left = button.getBoundingClientRect().left + parseFloat(getComputedStyle(button).paddingLeft);
    const tops = new Map<number, number>();
    for (const rect of range.getClientRects())
      tops.set(Math.round(rect.top), Math.min(tops.get(Math.round(rect.top)) ?? Infinity, rect.left - left));
    return [...tops.values()].map(Math.round);
  });
  expect(lines.length, 'the link wraps').toBeGreaterThan(1);
  expect(lines).toEqual(lines.map(() => 0));
});

// Session 26's review: beside a long name the lane's state ("◌ asks you") wrapped onto three lines, and the cut name
// had no tooltip.
test('"needs you": a long name is cut with its tooltip, the state stays on one line', async ({ page }) => {
  const { token } = await api.call('agent.issueToken', { agent: LONG_AGENT });
  const long = await HostApi.connect(host, token);
  try {
    await long.call('approval.request', { kind: 'permission', summary: 'Run the migration' });
  } finally {
    long.close();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.uiUrl);
  const item = page.locator(`[data-testid="lane-item"][data-agent="${LONG_AGENT}"]`);
  await expect(item).toBeVisible();
  await expect(item.locator('.agent-name')).toHaveAttribute('title', LONG_AGENT);
  const state = await item.locator('.agent-state').evaluate((element) => {
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
    return { height: element.getBoundingClientRect().height, lineHeight };
  });
  expect(state.height).toBeLessThan(state.lineHeight * 1.5);
});

// Session 26's review: an attention row about an agent closed since carried its marked name at full length (the
// row's own text, which names it too, cut to a few words), and a resolved row still read "needs you" in the
// warning colour. (Last here: it closes LONG_AGENT.)
test('attention: a closed agent with a long name leaves the row its text; a closed row does not read "needs you"', async ({
  page,
}) => {
  const { token } = await api.call('agent.issueToken', { agent: LONG_AGENT });
  const long = await HostApi.connect(host, token);
  try {
    await long.call('approval.request', {
      kind: 'permission',
      summary: 'Run the migration on the staging database',
    });
  } finally {
    long.close();
  }
  await api.call('agent.close', { agent: LONG_AGENT });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.uiUrl);
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: /^Attention/ })
    .click();
  await page.getByRole('combobox', { name: 'Show' }).selectOption({ index: 1 });
  const row = page
    .getByTestId('attention-row')
    .filter({ hasText: 'Run the migration on the staging database' });
  await expect(row.locator('.attention-agent')).toContainText('(closed)');
  await expect(row).not.toHaveAttribute('data-status', 'open');
  await expect(row.locator('.severity')).not.toHaveText('needs you');
  const widths = await row.evaluate((element) => ({
    text: element.querySelector('.attention-text')!.getBoundingClientRect().width,
    agent: element.querySelector('.attention-agent')!.getBoundingClientRect().width,
  }));
  expect(widths.text).toBeGreaterThan(2 * widths.agent);
});
