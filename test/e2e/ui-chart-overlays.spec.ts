// Seen in session 26's screenshots: 60 agents in six teams with long names, four asking the person, at 1280×800. The
// fitted chart was centred with ~180 px free on its left, and the minimap lay over the last team's cards on its
// right. The fit now moves the chart beside the minimap (and the zoom buttons) when the canvas has the room.
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';

const { api, host } = specHost('--backend', 'memory');
const TEAMS = [
  'frontend-platform-infrastructure-and-design-systems',
  'backend-payments-reconciliation',
  'data',
  'mobile-release-engineering',
  'qa',
  'security-and-compliance-review',
];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  for (const team of TEAMS) await api.call('team.create', { name: team });
  for (let i = 0; i < 60; i++)
    await api.call('agent.spawn', {
      name: `${['refactor', 'migrate', 'reviewer', 'tester'][i % 4]}-the-${TEAMS[i % 6]!.slice(0, 12)}-module-${i}`,
      kind: 'shell',
      team: TEAMS[i % 6]!,
    });
  // Four asking the person: the "needs you" lane takes its rows above the chart, the canvas gets wider than tall.
  for (let i = 0; i < 4; i++) {
    const name = `${['refactor', 'migrate', 'reviewer', 'tester'][i % 4]}-the-${TEAMS[i % 6]!.slice(0, 12)}-module-${i}`;
    const agent = await HostApi.connect(host, (await api.call('agent.issueToken', { agent: name })).token);
    try {
      await agent.call('approval.request', {
        kind: 'permission',
        summary: `Run the migration on ${TEAMS[i]}`,
      });
    } finally {
      agent.close();
    }
  }
});

test('60 agents at 1280×800: the fitted chart lies clear of the minimap and the zoom buttons, whole on the canvas', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.uiUrl);
  await expect(page.locator('.react-flow__node-agent')).toHaveCount(60);
  await expect(page.getByTestId('lane-item')).toHaveCount(4);
  await expect(page.locator('.react-flow__minimap')).toBeVisible();
  await page.waitForTimeout(500); // the fit after the last layout
  const found = await page.locator('.chart-canvas').evaluate((canvas) => {
    const box = (element: Element) => element.getBoundingClientRect();
    const overlaps = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const overlays = [...canvas.querySelectorAll('.react-flow__minimap, .react-flow__controls')].map(box);
    const nodes = [...canvas.querySelectorAll('.react-flow__node-agent, .react-flow__node-team')];
    const area = box(canvas);
    return {
      covered: nodes
        .filter((node) => overlays.some((overlay) => overlaps(box(node), overlay)))
        .map((node) => node.getAttribute('data-id')),
      outside: nodes
        .filter((node) => {
          const r = box(node);
          return (
            r.left < area.left - 1 ||
            r.right > area.right + 1 ||
            r.top < area.top - 1 ||
            r.bottom > area.bottom + 1
          );
        })
        .map((node) => node.getAttribute('data-id')),
    };
  });
  expect(found).toEqual({ covered: [], outside: [] });
});
