import { describe, expect, it } from 'vitest';
import { humanCaller, SendMessageInput, type FleetLayout } from '@switchboard/protocol';
import {
  composeSend,
  deleteBlocker,
  listField,
  endedAgents,
  lostAgents,
  restoreProgress,
  parentChoices,
  previewOf,
  siblingsOf,
  subtreeIds,
} from '../../src/manage/fleet-admin';
import { idOf, realFleet } from '../real-fleet';

// The management view's pure helpers, against fleets made by a real core.

const plan = {
  teams: [{ name: 'web' }, { name: 'ui', parent: 'web' }, { name: 'css', parent: 'ui' }, { name: 'ops' }],
  agents: [{ name: 'w1', team: 'web' }, { name: 'c1', team: 'css' }, { name: 'loose' }],
};

describe('team tree helpers', () => {
  it('a team may move under any team outside its own subtree, never under itself or a descendant', async () => {
    const { state } = await realFleet(plan);
    expect([...subtreeIds(state, idOf(state, 'web'))].sort()).toEqual(
      ['web', 'ui', 'css'].map((n) => idOf(state, n)).sort(),
    );
    expect(parentChoices(state, idOf(state, 'web')).map(({ team }) => team.name)).toEqual(['ops']);
    expect(parentChoices(state, idOf(state, 'ui')).map(({ team }) => team.name)).toEqual(['web', 'ops']);
    expect(siblingsOf(state, state.teams[idOf(state, 'ops')]!).map((t) => t.name)).toEqual(['web', 'ops']);
  });

  it('says why a team cannot be deleted, and the core refuses exactly those', async () => {
    const { state, orchestrator } = await realFleet(plan);
    expect(deleteBlocker(state, idOf(state, 'web'))).toBe('has 1 agent and 1 sub-team: move them out first');
    expect(deleteBlocker(state, idOf(state, 'css'))).toBe('has 1 agent: move them out first');
    expect(deleteBlocker(state, idOf(state, 'ops'))).toBeNull();
    await expect(orchestrator.invoke(humanCaller, 'team.delete', { team: 'css' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(orchestrator.invoke(humanCaller, 'team.delete', { team: 'ops' })).resolves.toMatchObject({
      teamId: idOf(state, 'ops'),
    });
  });
});

describe('lost agents', () => {
  it('lists only agents in the lost state, by name', async () => {
    const { state } = await realFleet(plan);
    expect(lostAgents(state)).toEqual([]);
    const lost = {
      ...state,
      agents: {
        ...state.agents,
        [idOf(state, 'w1')]: { ...state.agents[idOf(state, 'w1')]!, state: 'lost' as const },
      },
    };
    expect(lostAgents(lost).map((a) => a.name)).toEqual(['w1']);
  });

  it('restore progress counts the agents it started with that left `lost` (a closed one is not back)', async () => {
    const { state } = await realFleet(plan);
    const ids = ['w1', 'c1'].map((name) => idOf(state, name));
    const as = (states: Record<string, 'lost' | 'starting'>) => ({
      ...state,
      agents: Object.fromEntries(
        Object.entries(state.agents).map(([id, a]) => [id, { ...a, state: states[a.name] ?? a.state }]),
      ),
    });
    expect(restoreProgress(as({ w1: 'lost', c1: 'lost' }), ids)).toEqual({ done: 0, total: 2 });
    expect(restoreProgress(as({ w1: 'starting', c1: 'lost' }), ids)).toEqual({ done: 1, total: 2 });
    expect(restoreProgress(as({ w1: 'starting', c1: 'starting' }), ids)).toEqual({ done: 2, total: 2 });
    const { [ids[1]!]: _closed, ...agents } = as({ w1: 'starting', c1: 'lost' }).agents;
    expect(restoreProgress({ ...state, agents }, ids)).toEqual({ done: 1, total: 2 });
  });

  it('an agent whose program ended is listed apart once its pane is gone, and counts back once in a pane', async () => {
    const { state } = await realFleet(plan);
    const w1 = state.agents[idOf(state, 'w1')]!;
    const withW1 = (agent: typeof w1) => ({ ...state, agents: { ...state.agents, [w1.id]: agent } });
    expect(endedAgents(withW1({ ...w1, state: 'exited' }))).toEqual([]);
    const ended = withW1({ ...w1, state: 'exited', paneId: null });
    expect(endedAgents(ended).map((a) => a.name)).toEqual(['w1']);
    expect(lostAgents(ended)).toEqual([]);
    expect(restoreProgress(ended, [w1.id])).toEqual({ done: 0, total: 1 });
    expect(restoreProgress(withW1({ ...w1, state: 'starting', paneId: 'p9' }), [w1.id])).toEqual({
      done: 1,
      total: 1,
    });
  });
});

describe('composeSend', () => {
  it('one row is a plain message to its audience; the contract accepts it', () => {
    const input = composeSend(
      [{ audience: 'team', target: 'team-1', text: 'freeze' }],
      'instruction',
      'high',
    );
    expect(input).toEqual({ kind: 'instruction', priority: 'high', to: { team: 'team-1' }, body: 'freeze' });
    expect(SendMessageInput.safeParse(input).success).toBe(true);
    expect(
      composeSend([{ audience: 'broadcast', target: '', text: 'hi' }], 'notification', 'normal').to,
    ).toEqual({ broadcast: true });
  });

  it('several rows are one cascade, most specific parts by kind; the core delivers each recipient its text', async () => {
    const { state, orchestrator } = await realFleet(plan);
    const input = composeSend(
      [
        { audience: 'broadcast', target: '', text: 'everyone' },
        { audience: 'team', target: idOf(state, 'web'), text: 'web' },
        { audience: 'agent', target: idOf(state, 'c1'), text: 'c1 only' },
        { audience: 'role', target: 'builder', text: '' },
      ],
      'instruction',
      'normal',
    );
    expect(input.cascade).toEqual({
      broadcast: 'everyone',
      teams: { [idOf(state, 'web')]: 'web' },
      agents: { [idOf(state, 'c1')]: 'c1 only' },
    });
    await orchestrator.invoke(humanCaller, 'message.send', input);
    const body = async (agent: string) =>
      (
        (await orchestrator.invoke(humanCaller, 'message.peek', { agent })) as {
          messages: { body: string }[];
        }
      ).messages.map((m) => m.body);
    expect(await body('w1')).toEqual(['web']);
    expect(await body('c1')).toEqual(['c1 only']);
    expect(await body('loose')).toEqual(['everyone']);
  });

  it('refuses nothing to send, a missing target and two texts for one audience, with the reason', () => {
    expect(() =>
      composeSend([{ audience: 'team', target: 't', text: '  ' }], 'instruction', 'normal'),
    ).toThrow('Write a message first.');
    expect(() => composeSend([{ audience: 'role', target: '', text: 'x' }], 'instruction', 'normal')).toThrow(
      'Choose the role',
    );
    expect(() =>
      composeSend(
        [
          { audience: 'team', target: 't', text: 'a' },
          { audience: 'team', target: 't', text: 'b' },
        ],
        'instruction',
        'normal',
      ),
    ).toThrow('Two texts');
    expect(() =>
      composeSend(
        [
          { audience: 'broadcast', target: '', text: 'a' },
          { audience: 'broadcast', target: '', text: 'b' },
        ],
        'instruction',
        'normal',
      ),
    ).toThrow('Only one text');
  });
});

describe('listField and previewOf', () => {
  it('splits lists on commas and lines, trimmed and without repeats', () => {
    expect(listField(' lock.*, *.list\nmessage.send,, lock.* ')).toEqual([
      'lock.*',
      '*.list',
      'message.send',
    ]);
  });

  it('names the panes of a layout the core previewed', async () => {
    const { state, orchestrator } = await realFleet(plan);
    const layout = (await orchestrator.invoke(humanCaller, 'layout.preview', {
      preset: 'agent-tabs',
    })) as FleetLayout;
    const panes = previewOf(state, layout).flatMap((w) => w.tabs.map((t) => t.root));
    expect(panes.map((p) => (p.kind === 'agent' ? p.name : 'split')).sort()).toEqual(['c1', 'loose', 'w1']);
  });
});
