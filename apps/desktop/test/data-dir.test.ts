import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '@switchboard/host';
import { desktopBackend, desktopPort } from '../src/main/data-dir';

describe("the desktop app's host settings from the environment (as the CLI reads them)", () => {
  it('takes a port, and refuses by name what is no port instead of starting on the default', () => {
    expect(desktopPort({})).toBe(DEFAULT_PORT);
    expect(desktopPort({ SWITCHBOARD_PORT: ' 8123 ' })).toBe(8123);
    expect(desktopPort({ SWITCHBOARD_PORT: '0' })).toBe(0);
    for (const bad of ['80a', '70000', '-1', '1.5'])
      expect(() => desktopPort({ SWITCHBOARD_PORT: bad }), bad).toThrow(/^SWITCHBOARD_PORT must be/);
  });

  it('takes a backend in any case, and refuses a typo by name instead of taking it as auto', () => {
    expect(desktopBackend({})).toBe('auto');
    expect(desktopBackend({ SWITCHBOARD_BACKEND: 'SIM' })).toBe('sim');
    expect(() => desktopBackend({ SWITCHBOARD_BACKEND: 'iterm' })).toThrow(
      'SWITCHBOARD_BACKEND must be "auto", "iterm2", "tmux", "sim" or "memory", not "iterm"',
    );
  });
});
