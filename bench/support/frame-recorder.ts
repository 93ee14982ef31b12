import type { Page } from 'playwright-core';

/** Starts recording rAF-to-rAF intervals in the page (read them with `stopFrames`). */
export async function startFrames(page: Page): Promise<void> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
  await page.evaluate(`(() => {
    window.frames_ = [];
    window.recording = true;
    let last = 0;
    const tick = (now) => {
      window.frames_.push(now - last);
      last = now;
      if (window.recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  })()`);
}

/** Stops recording and returns the frame intervals in ms. */
export function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; recording: boolean };
    w.recording = false;
    return w.frames_;
  });
}
