import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../src/cli-options';

describe('defaultDataDir (both apps: the CLI finds the host.json of a host the desktop app started)', () => {
  it('is SWITCHBOARD_DATA_DIR when set, made absolute', () => {
    expect(defaultDataDir({ SWITCHBOARD_DATA_DIR: '/srv/sb' }, 'linux', '/home/ann')).toBe('/srv/sb');
    expect(defaultDataDir({ SWITCHBOARD_DATA_DIR: 'rel/sb' }, 'darwin', '/Users/ann')).toBe(
      `${process.cwd()}/rel/sb`,
    );
  });

  it("is the platform's application-data folder otherwise", () => {
    expect(defaultDataDir({}, 'darwin', '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Switchboard',
    );
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe('/home/ann/.local/share/switchboard');
    expect(defaultDataDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ann')).toBe('/data/switchboard');
    // An empty variable is no answer (as a shell's `X= cmd` leaves it).
    expect(defaultDataDir({ SWITCHBOARD_DATA_DIR: '', XDG_DATA_HOME: '' }, 'linux', '/home/ann')).toBe(
      '/home/ann/.local/share/switchboard',
    );
  });
});
