// Found by use (session 24): long names. A team called "frontend-platform-infrastructure-and-design-systems" kept its
// whole name in the chart's header and pushed "Rename" (and the agent count) out past the team's right edge, onto
// the canvas beside it. Names are cut with an ellipsis instead (the full name stays in the group's label), the count
// gives way first, and every part of the header stays inside the team.
import { expect, specHost, test } from './host-fixture';

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
