import { describe, expect, it } from 'vitest';
import { filterFleet } from '../src/index';
import { realFleet } from './real-fleet';

describe('filterFleet', () => {
  it('keeps every team and only the agents matching every word (name, kind, role, state, team)', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }, { name: 'api' }],
      agents: [
        { name: 'w1', team: 'web', kind: 'claude' },
        { name: 'a1', team: 'api', kind: 'codex', role: 'tester' },
      ],
    });
    expect(filterFleet(state, '')).toBe(state);
    const names = (q: string) => Object.values(filterFleet(state, q).agents).map((a) => a.name);
    expect(names('claude')).toEqual(['w1']);
    expect(names('api test')).toEqual(['a1']);
    expect(names('starting')).toHaveLength(2);
    expect(names('nothing-like-this')).toEqual([]);
    expect(Object.keys(filterFleet(state, 'claude').teams)).toHaveLength(2);
  });

  it('finds agents by host: @box for a remote host, @local for this machine', async () => {
    const { state } = await realFleet({ agents: [{ name: 'far' }, { name: 'near' }] });
    const far = Object.values(state.agents).find((a) => a.name === 'far')!;
    const withHost = { ...state, agents: { ...state.agents, [far.id]: { ...far, host: 'box' } } };
    const names = (q: string) => Object.values(filterFleet(withHost, q).agents).map((a) => a.name);
    expect(names('@box')).toEqual(['far']);
    expect(names('@local')).toEqual(['near']);
  });
});
