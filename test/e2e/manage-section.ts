import type { Page } from '@playwright/test';
import { expect } from './host-fixture';

/** Opens the UI at `uiUrl`, waits for the host's link, and goes to one section of the Manage view. */
export async function openManageSection(page: Page, uiUrl: string, section: string): Promise<void> {
  await page.goto(uiUrl);
  await expect(page.getByTestId('connection')).toHaveText('Connected');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Manage' }).click();
  await page
    .getByRole('navigation', { name: 'Manage' })
    .getByRole('button', { name: section, exact: true })
    .click();
}
