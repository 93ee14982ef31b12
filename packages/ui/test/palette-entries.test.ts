import { describe, expect, it } from 'vitest';
import { createShellStore, paletteEntries } from '../src/index';
import { idOf, realFleet } from './real-fleet';

describe('paletteEntries', () => {
  it('filters views, focus and theme commands by the words typed', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }],
      agents: [{ name: 'builder-1', team: 'web' }, { name: 'tester' }],
    });
    expect(paletteEntries(state, 'focus build').map((e) => e.action)).toEqual([
      { type: 'focus', agentId: idOf(state, 'builder-1') },
    ]);
    expect(paletteEntries(state, 'approval').map((e) => e.action)).toEqual([
      { type: 'view', view: 'approvals' },
    ]);
    expect(paletteEntries(state, 'dark').map((e) => e.action)).toEqual([{ type: 'theme', theme: 'dark' }]);
  });

  it('builds spawn commands from "spawn NAME [KIND] [TEAM]" and refuses a bad name', async () => {
    const { state } = await realFleet({ teams: [{ name: 'web' }, { name: 'api' }] });
    expect(paletteEntries(state, 'spawn rev-1 claude we').map((e) => e.action)).toEqual([
      { type: 'spawn', name: 'rev-1', kind: 'claude', teamId: idOf(state, 'web') },
    ]);
    expect(paletteEntries(state, 'spawn rev-2').map((e) => e.action)).toEqual([
      { type: 'spawn', name: 'rev-2', kind: 'shell', teamId: null },
    ]);
    expect(paletteEntries(state, 'spawn -bad')).toEqual([]);
  });

  it('builds move commands to every other team from "move AGENT TEAM"', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }, { name: 'api' }, { name: 'apps' }],
      agents: [{ name: 'x', team: 'web' }],
    });
    expect(paletteEntries(state, 'move x ap').map((e) => e.label)).toEqual([
      'Move x to api',
      'Move x to apps',
    ]);
    expect(paletteEntries(state, 'move x').map((e) => e.label)).not.toContain('Move x to web');
  });

  it("offers do-not-disturb on/off and muting or unmuting each team's notifications", async () => {
    const { state } = await realFleet({ teams: [{ name: 'web' }] });
    expect(paletteEntries(state, 'disturb').map((e) => e.action)).toEqual([
      { type: 'doNotDisturb', enabled: true },
      { type: 'doNotDisturb', enabled: false },
    ]);
    expect(paletteEntries(state, 'mute web').map((e) => [e.label, e.action])).toEqual([
      ['Mute notifications of web', { type: 'muteTeam', teamId: idOf(state, 'web'), muted: true }],
      ['Unmute notifications of web', { type: 'muteTeam', teamId: idOf(state, 'web'), muted: false }],
    ]);
  });

  it('matches fuzzily: each word in order anywhere in the command ("b4" finds builder-4, "fcs tst" finds Focus tester), best match first', async () => {
    const { state } = await realFleet({
      agents: [{ name: 'builder-4' }, { name: 'b4' }, { name: 'tester' }],
    });
    expect(paletteEntries(state, 'b4')[0]!.label).toBe('Focus b4');
    expect(
      paletteEntries(state, 'b4')
        .slice(1, 3)
        .map((e) => e.label)
        .sort(),
    ).toEqual(['Close b4…', 'Open b4 details']);
    expect(paletteEntries(state, 'b4').map((e) => e.label)).toContain('Focus builder-4');
    expect(paletteEntries(state, 'fcs tst').map((e) => e.action)).toEqual([
      { type: 'focus', agentId: idOf(state, 'tester') },
    ]);
    // Letters out of order or missing match nothing.
    expect(paletteEntries(state, '4b')).toEqual([]);
    expect(paletteEntries(state, 'zzz')).toEqual([]);
  });

  it('lists recent commands first, marked, most recent first; with words typed, recent matches still lead', async () => {
    const { state } = await realFleet({ agents: [{ name: 'alpha' }, { name: 'beta' }] });
    const recents = [`open:${idOf(state, 'beta')}`, 'theme:dark', 'gone:entry'];
    const listed = paletteEntries(state, '', recents);
    expect(listed.slice(0, 2).map((e) => [e.label, e.recent])).toEqual([
      ['Open beta details', true],
      ['Theme: dark', true],
    ]);
    expect(listed.slice(2).every((e) => !e.recent)).toBe(true);
    expect(paletteEntries(state, 'beta', recents).map((e) => e.label)).toEqual([
      'Open beta details',
      'Focus beta',
      'Close beta…',
    ]);
  });
});

describe("the palette's recent commands", () => {
  it('are kept across reloads, most recent first, at most 8, and a broken saved list is ignored', () => {
    const saved = new Map<string, string>();
    const storage = {
      getItem: (key: string) => saved.get(key) ?? null,
      setItem: (key: string, value: string) => void saved.set(key, value),
    };
    const first = createShellStore(storage);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'b']) first.getState().rememberCommand(id);
    expect(first.getState().recentCommands).toEqual(['b', 'i', 'h', 'g', 'f', 'e', 'd', 'c']);
    expect(createShellStore(storage).getState().recentCommands).toEqual([
      'b',
      'i',
      'h',
      'g',
      'f',
      'e',
      'd',
      'c',
    ]);
    saved.set('switchboard.palette.recents', '{not json');
    expect(createShellStore(storage).getState().recentCommands).toEqual([]);
    saved.set('switchboard.palette.recents', JSON.stringify(['x', 3, null]));
    expect(createShellStore(storage).getState().recentCommands).toEqual(['x']);
  });
});
