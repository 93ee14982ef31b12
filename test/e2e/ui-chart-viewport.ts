import type { Page } from '@playwright/test';

/** The org chart's viewport as React Flow renders it (translate + scale of `.react-flow__viewport`). */
export async function chartViewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const transform = await page
    .getByTestId('org-chart')
    .locator('.react-flow__viewport')
    .evaluate((el) => (el as HTMLElement).style.transform);
  const match = /translate\(([-\d.e]+)px,\s*([-\d.e]+)px\)\s*scale\(([-\d.e]+)\)/.exec(transform);
  if (!match) throw new Error(`unexpected viewport transform: ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) };
}
