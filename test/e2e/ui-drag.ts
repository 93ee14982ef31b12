import type { Locator, Page } from '@playwright/test';

/**
 * Drags an element to a point with the mouse, the way a person does. React Flow 12 starts a node drag
 * only after a move that crosses its drag threshold and drops that first move, so nudge first.
 */
export async function dragTo(
  page: Page,
  source: Locator,
  target: { x: number; y: number },
  steps = 12,
): Promise<void> {
  const box = await source.boundingBox();
  if (!box) throw new Error('drag source is not visible');
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 3, start.y + 3);
  await page.mouse.move(start.x, start.y);
  await page.mouse.move(target.x, target.y, { steps });
  await page.mouse.up();
}

/** The centre of an element on screen. */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
