import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  MIN_SIZE,
  captureWindowState,
  closeBehaviour,
  fitToDisplays,
  parseWindowState,
} from '../src/main/window-state';

const laptop = { x: 0, y: 25, width: 1440, height: 875 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window state', () => {
  it('round-trips through the saved file', () => {
    const saved = JSON.stringify(captureWindowState({ x: 100.4, y: 80, width: 1000, height: 700 }, true));
    expect(parseWindowState(saved)).toEqual({ x: 100, y: 80, width: 1000, height: 700, maximized: true });
  });

  it.each([
    undefined,
    '',
    'not json',
    'null',
    '[]',
    '{"width":"wide","height":10}',
    '{"width":0,"height":10}',
    '{"width":800,"height":600,"x":"left"}',
    '{"width":1e12,"height":600}',
  ])('falls back to the default for an unreadable file (%s)', (text) =>
    expect(parseWindowState(text)).toEqual(DEFAULT_WINDOW_STATE),
  );

  it('keeps a position that is on a screen', () => {
    expect(
      fitToDisplays({ x: 2000, y: 100, width: 1200, height: 800, maximized: false }, [laptop, external]),
    ).toEqual({ x: 2000, y: 100, width: 1200, height: 800, maximized: false });
  });

  it('drops a position left on an unplugged monitor, and shrinks to the largest screen', () => {
    expect(fitToDisplays({ x: 2000, y: 100, width: 2400, height: 1300, maximized: false }, [laptop])).toEqual(
      { width: 1440, height: 875, maximized: false },
    );
  });

  it('never goes below the minimum size', () => {
    expect(fitToDisplays({ width: 10, height: 10, maximized: false }, [laptop])).toEqual({
      width: MIN_SIZE.width,
      height: MIN_SIZE.height,
      maximized: false,
    });
  });

  it('closing hides to the menu bar unless the app is quitting', () => {
    expect(closeBehaviour(false)).toBe('hide');
    expect(closeBehaviour(true)).toBe('close');
  });
});
