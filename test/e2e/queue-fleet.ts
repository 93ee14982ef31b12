import type { Page } from '@playwright/test';
import { expect, specHost, test } from './host-fixture';
import { HostApi } from './host-api';

/**
 * A spec's host on the embedded iTerm2-API server with a team of real shell agents, each connected through its own
 * token (`agents[name]`: it asks what it asks as itself), spawned before the spec's tests and let go after them.
 */
export function shellTeamWithTokens(team: string, names: readonly string[]) {
  const fleet = specHost('--backend', 'sim');
  const agents: Record<string, HostApi> = {};
  test.beforeAll(async () => {
    await fleet.api.call('team.create', { name: team });
    for (const name of names) {
      await fleet.api.call('agent.spawn', { name, team, kind: 'shell' });
      const { token } = await fleet.api.call('agent.issueToken', { agent: name });
      agents[name] = await HostApi.connect(fleet.host, token);
    }
  });
  test.afterAll(() => {
    for (const client of Object.values(agents)) client.close();
  });
  /** The page on the approval queue, connected. */
  const openQueue = async (page: Page) => {
    await page.goto(fleet.host.uiUrl);
    await expect(page.getByTestId('connection')).toHaveText('Connected');
    await page.getByRole('button', { name: /Approvals/ }).click();
    await expect(page.getByTestId('approval-queue')).toBeVisible();
  };
  return { ...fleet, agents, openQueue };
}
