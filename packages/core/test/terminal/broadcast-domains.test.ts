import { describe, expect, it } from 'vitest';
import type { BroadcastDomain } from '@switchboard/protocol';
import { settle, worldsClosedAfterEach } from '../support/world';

const world = worldsClosedAfterEach();

async function setup() {
  const { backend, orchestrator, events, human } = await world();
  const spawn = async (name: string, team: string) =>
    (await orchestrator.fleet.spawn({ name, kind: 'shell', role: 'builder', team })).agent;
  const domains = async () => ((await human('broadcast.list')) as { domains: BroadcastDomain[] }).domains;
  return { backend, orchestrator, events, human, spawn, domains };
}

describe('broadcast domains from Switchboard (SetBroadcastDomains), by team or selection', () => {
  it("groups a team's panes, shows whose they are, and ends the group", async () => {
    const { backend, events, human, spawn, domains } = await setup();
    await human('team.create', { name: 'web' });
    await human('team.create', { name: 'api' });
    const w1 = await spawn('w1', 'web');
    const w2 = await spawn('w2', 'web');
    await spawn('a1', 'api');
    expect(await domains()).toEqual([]);

    const made = (await human('broadcast.create', { team: 'web' })) as { domains: BroadcastDomain[] };
    expect(made.domains).toEqual([{ paneIds: [w1.paneId, w2.paneId], agentIds: [w1.id, w2.id] }]);
    expect(await backend.getBroadcastDomains!()).toEqual([[w1.paneId, w2.paneId]]);
    await settle();
    expect(events.filter((e) => e.type === 'broadcast.domains_changed').at(-1)).toMatchObject({
      domains: [{ agentIds: [w1.id, w2.id] }],
    });

    // A selection takes its panes out of the group they were in (domains stay disjoint; one left alone ends).
    const w3 = await spawn('w3', 'web');
    await human('broadcast.create', { agents: ['w2', 'w3'] });
    expect((await domains()).map((d) => d.agentIds)).toEqual([[w2.id, w3.id]]);

    await human('broadcast.remove', { agents: ['w3'] });
    expect(await domains()).toEqual([]);
    await human('broadcast.create', { team: 'web' });
    expect((await domains()).map((d) => d.agentIds)).toEqual([[w1.id, w2.id, w3.id]]);
    await human('broadcast.remove', { all: true });
    expect(await domains()).toEqual([]);
  });

  it('refuses what iTerm2 cannot broadcast, changing nothing, and is the human’s only', async () => {
    const { human, spawn, domains, orchestrator } = await setup();
    await human('team.create', { name: 'solo' });
    await human('team.create', { name: 'web' });
    const s1 = await spawn('s1', 'solo');
    await spawn('w1', 'web');
    await spawn('w2', 'web');
    await human('broadcast.create', { team: 'web' });
    const before = await domains();
    await expect(human('broadcast.create', { team: 'solo' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('at least two'),
    });
    // Each team sits in a window of its own: iTerm2 broadcasts only within one.
    await expect(human('broadcast.create', { agents: ['s1', 'w1'] })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('window'),
    });
    await expect(human('broadcast.create', { agents: ['s1', 'nobody'] })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(human('broadcast.create', { team: 'web', agents: ['w1'] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await domains()).toEqual(before);
    const agent = { kind: 'agent' as const, id: s1.id };
    await expect(orchestrator.invoke(agent, 'broadcast.create', { team: 'web' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(orchestrator.invoke(agent, 'broadcast.list', {})).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
