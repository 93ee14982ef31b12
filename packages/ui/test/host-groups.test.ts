import { describe, expect, it } from 'vitest';
import type { FleetState } from '../src/index';
import { groupByHost, hostOfGroup, layoutFleet, teamNodeId } from '../src/index';
import { realFleet } from './real-fleet';

/** The fleet with some agents placed on remote hosts (by name → host). */
function onHosts(state: FleetState, hosts: Record<string, string>): FleetState {
  const agents = Object.fromEntries(
    Object.entries(state.agents).map(([id, agent]) => [
      id,
      hosts[agent.name] === undefined ? agent : { ...agent, host: hosts[agent.name]! },
    ]),
  );
  return { ...state, agents };
}

describe('groupByHost', () => {
  it('groups by machine (this one first, then hosts by name), each team inside the machines it spans, loose agents in the machine', async () => {
    const { state } = await realFleet({
      teams: [{ name: 'web' }, { name: 'api' }],
      agents: [
        { name: 'w-here', team: 'web' },
        { name: 'w-box', team: 'web' },
        { name: 'a-zed', team: 'api' },
        { name: 'loose-box' },
      ],
    });
    const grouped = groupByHost(onHosts(state, { 'w-box': 'box', 'a-zed': 'zed', 'loose-box': 'box' }));
    const machines = Object.values(grouped.teams)
      .filter((t) => t.parentId === null)
      .sort((a, b) => a.position - b.position);
    expect(machines.map((t) => [t.name, hostOfGroup(t)])).toEqual([
      ['This machine', undefined],
      ['@box', 'box'],
      ['@zed', 'zed'],
    ]);
    const where = (name: string) => {
      const agent = Object.values(grouped.agents).find((a) => a.name === name)!;
      const group = grouped.teams[agent.teamId!]!;
      return [group.name, group.parentId && grouped.teams[group.parentId]!.name];
    };
    // The team web spans two machines: it appears under each, with its own name and colour.
    expect(where('w-here')).toEqual(['web', 'This machine']);
    expect(where('w-box')).toEqual(['web', '@box']);
    expect(where('a-zed')).toEqual(['api', '@zed']);
    expect(where('loose-box')).toEqual(['@box', null]);
    const webTeam = Object.values(state.teams).find((t) => t.name === 'web')!;
    expect(
      Object.values(grouped.teams)
        .filter((t) => t.name === 'web')
        .map((t) => t.color),
    ).toEqual([webTeam.color, webTeam.color]);
    // No team of the grouping is the host's: their ids never name a real team, and the real teams are untouched.
    expect(Object.keys(grouped.teams).every((id) => id.startsWith('host:'))).toBe(true);
    expect(hostOfGroup(webTeam)).toBeNull();
    expect(state.agents).not.toBe(grouped.agents);

    // Laid out like any fleet: every agent placed inside its machine's group.
    const layout = await layoutFleet(grouped);
    const box = layout.boxes[teamNodeId('host:box')]!;
    const wBox = Object.values(grouped.agents).find((a) => a.name === 'w-box')!;
    expect(layout.boxes[`agent:${wBox.id}`]!.parent).toBe(teamNodeId('host:box/' + webTeam.id));
    expect(layout.boxes[teamNodeId('host:box/' + webTeam.id)]!.parent).toBe(teamNodeId('host:box'));
    expect(box.width).toBeGreaterThan(0);
  });
});
