import { describe, expect, it } from 'vitest';
import { paletteEntries } from '../src/index';
import { idOf, realFleet } from './real-fleet';

describe('paletteEntries', () => {
  it('filters views, focus and theme commands by the words typed', async () => {
    const { state } = await realFleet({ teams: [{ name: 'web' }], agents: [{ name: 'builder-1', team: 'web' }, { name: 'tester' }] });
    expect(paletteEntries(state, 'focus build').map((e) => e.action)).toEqual([{ type: 'focus', agentId: idOf(state, 'builder-1') }]);
    expect(paletteEntries(state, 'approval').map((e) => e.action)).toEqual([{ type: 'view', view: 'approvals' }]);
    expect(paletteEntries(state, 'dark').map((e) => e.action)).toEqual([{ type: 'theme', theme: 'dark' }]);
  });

  it('builds spawn commands from "spawn NAME [KIND] [TEAM]" and refuses a bad name', async () => {
    const { state } = await realFleet({ teams: [{ name: 'web' }, { name: 'api' }] });
    expect(paletteEntries(state, 'spawn rev-1 claude we').map((e) => e.action)).toEqual([{ type: 'spawn', name: 'rev-1', kind: 'claude', teamId: idOf(state, 'web') }]);
    expect(paletteEntries(state, 'spawn rev-2').map((e) => e.action)).toEqual([{ type: 'spawn', name: 'rev-2', kind: 'shell', teamId: null }]);
    expect(paletteEntries(state, 'spawn -bad')).toEqual([]);
  });

  it('builds move commands to every other team from "move AGENT TEAM"', async () => {
    const { state } = await realFleet({ teams: [{ name: 'web' }, { name: 'api' }, { name: 'apps' }], agents: [{ name: 'x', team: 'web' }] });
    expect(paletteEntries(state, 'move x ap').map((e) => e.label)).toEqual(['Move x to api', 'Move x to apps']);
    expect(paletteEntries(state, 'move x').map((e) => e.label)).not.toContain('Move x to web');
  });

  it('offers do-not-disturb on/off and muting or unmuting each team\'s notifications', async () => {
    const { state } = await realFleet({ teams: [{ name: 'web' }] });
    expect(paletteEntries(state, 'disturb').map((e) => e.action)).toEqual([{ type: 'doNotDisturb', enabled: true }, { type: 'doNotDisturb', enabled: false }]);
    expect(paletteEntries(state, 'mute web').map((e) => [e.label, e.action])).toEqual([
      ['Mute notifications of web', { type: 'muteTeam', teamId: idOf(state, 'web'), muted: true }],
      ['Unmute notifications of web', { type: 'muteTeam', teamId: idOf(state, 'web'), muted: false }],
    ]);
  });
});
