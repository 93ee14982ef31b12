// The fleet's in-memory directory: current after every write, never showing a write that was rolled
// back, and not changed by what a caller does to the objects it was handed.
import type { Agent, Team } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { fleetMigrations } from '../../src/fleet/fleet-migrations';
import { FleetIndex } from '../../src/fleet/fleet-index';
import { FleetRepository } from '../../src/fleet/fleet-repository';
import { allocatedBytes } from '../../src/testing/index';
import { openStore } from '../../src/store/store';

const team = (id: string, name: string): Team => ({
  id,
  name,
  parentId: null,
  color: '#336699',
  position: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const agent = (id: string, name: string, teamId: string | null = null): Agent => ({
  id,
  name,
  kind: 'shell',
  command: null,
  cwd: null,
  teamId,
  role: 'builder',
  state: 'idle',
  stateSince: '2026-01-01T00:00:00.000Z',
  paneId: null,
  position: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  worktree: null,
});

function setup() {
  const store = openStore(':memory:', [fleetMigrations]);
  return { store, repository: new FleetRepository(store) };
}

describe('fleet index', () => {
  it('answers from memory and follows every write: insert, update, close, team changes', () => {
    const { repository } = setup();
    repository.insertTeam(team('t1', 'red'));
    repository.insertAgent(agent('a1', 'alice', 't1'));
    expect(repository.findAgent('alice')?.id).toBe('a1');
    expect(repository.snapshot().agents.map((a) => a.id)).toEqual(['a1']);
    repository.updateAgent({ ...agent('a1', 'alicia', 't1'), state: 'working' });
    expect(repository.findAgent('alice')).toBeUndefined();
    expect(repository.findAgent('alicia')?.state).toBe('working');
    repository.updateTeam({ ...team('t1', 'blue') });
    expect(repository.findTeam('blue')?.id).toBe('t1');
    repository.markAgentClosed('a1', '2026-01-02T00:00:00.000Z');
    expect(repository.findAgent('a1')).toBeUndefined();
    expect(repository.listAgents()).toEqual([]);
    repository.detachClosedAgents('t1');
    repository.deleteTeam('t1');
    expect(repository.listTeams()).toEqual([]);
  });

  it('never shows an agent whose insert was rolled back', () => {
    const { store, repository } = setup();
    repository.insertAgent(agent('a1', 'alice'));
    expect(repository.listAgents()).toHaveLength(1);
    expect(() =>
      store.transaction(() => {
        repository.insertAgent(agent('a2', 'bob'));
        expect(repository.findAgent('bob')?.id).toBe('a2'); // read inside the transaction: sees its own write
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(repository.findAgent('bob')).toBeUndefined();
    expect(repository.listAgents().map((a) => a.id)).toEqual(['a1']);
  });

  it('hands out copies: changing what a lookup returned changes nothing stored or indexed', () => {
    const { repository } = setup();
    repository.insertAgent({
      ...agent('a1', 'alice'),
      worktree: { path: '/w', branch: 'b', base: 'main', repository: '/r' },
    });
    const found = repository.findAgent('a1')!;
    found.name = 'mallory';
    found.worktree!.path = '/elsewhere';
    repository.listAgents()[0]!.role = 'admin';
    const again = repository.findAgent('a1')!;
    expect([again.name, again.worktree?.path, again.role]).toEqual(['alice', '/w', 'builder']);
  });
});

describe('fleet index: an agent rewritten in place', () => {
  function counted(agents: Agent[]) {
    const state = { loads: 0, inTransaction: false };
    const index = new FleetIndex(
      () => (state.loads++, { agents: agents.map((a) => ({ ...a })), teams: [] }),
      () => state.inTransaction,
    );
    return { state, index };
  }

  it('is patched into memory, not reloaded: a state change at 200 agents costs no read of the tables', () => {
    const { state, index } = counted([agent('a1', 'alice'), agent('a2', 'bob')]);
    index.current();
    index.agentUpdated({ ...agent('a2', 'robert'), state: 'working' });
    const now = index.current();
    expect(state.loads).toBe(1);
    expect(now.agents.map((a) => [a.name, a.state])).toEqual([
      ['alice', 'idle'],
      ['robert', 'working'],
    ]);
    expect(now.agentsByRef.get('robert')?.id).toBe('a2');
    expect(now.agentsByRef.get('bob')).toBeUndefined();
  });

  it('reloads when the agent moved (team or position), is unknown, or the write is inside a transaction', () => {
    const { state, index } = counted([agent('a1', 'alice')]);
    const reloadsAfter = (update: Agent, inTransaction = false) => {
      index.current();
      const before = state.loads;
      state.inTransaction = inTransaction;
      index.agentUpdated(update);
      state.inTransaction = false;
      index.current();
      return state.loads - before;
    };
    expect(reloadsAfter({ ...agent('a1', 'alice'), position: 3 })).toBe(1);
    expect(reloadsAfter(agent('a1', 'alice', 't9'))).toBe(1);
    expect(reloadsAfter(agent('zz', 'nobody'))).toBe(1);
    expect(reloadsAfter({ ...agent('a1', 'alice'), state: 'working' }, true)).toBe(1);
    expect(reloadsAfter({ ...agent('a1', 'alice'), state: 'working' })).toBe(0);
  });

  it('never shows a state change that was rolled back, and a lookup reads what the row holds', () => {
    const { store, repository } = setup();
    repository.insertAgent(agent('a1', 'alice'));
    repository.findAgent('a1');
    expect(() =>
      store.transaction(() => {
        repository.updateAgent({ ...agent('a1', 'alice'), state: 'working' });
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(repository.findAgent('a1')?.state).toBe('idle');
    const { worktree: _none, ...withoutWorktree } = agent('a1', 'alice');
    repository.updateAgent({ ...withoutWorktree, state: 'error', extra: 'not a column' } as Agent);
    expect(repository.findAgent('a1')).toEqual({ ...agent('a1', 'alice'), state: 'error' });
  });

  it('inside a transaction that commits (the health publish: row + history): patched once it commits, no reload', () => {
    const store = openStore(':memory:', [fleetMigrations]);
    // The rows as the table holds them (the transaction below commits, so they stay written).
    const rows = [agent('a1', 'alice'), agent('a2', 'bob')];
    const loads = { count: 0 };
    const index = new FleetIndex(
      () => (loads.count++, { agents: rows.map((a) => ({ ...a })), teams: [] }),
      () => store.db.inTransaction,
      (hook) => store.afterCommit(hook),
    );
    const write = (update: Agent) => {
      rows[rows.findIndex((a) => a.id === update.id)] = update;
      index.agentUpdated({ ...update });
    };
    index.current();
    store.transaction(() => {
      write({ ...agent('a2', 'bob'), state: 'working' });
      // Reads inside the transaction see its own write.
      expect(index.current().agentsByRef.get('a2')?.state).toBe('working');
      write({ ...agent('a2', 'bob'), state: 'waiting_for_input' });
    });
    expect(index.current().agentsByRef.get('a2')?.state).toBe('waiting_for_input');
    expect(index.current().agents.map((a) => a.state)).toEqual(['idle', 'waiting_for_input']);
    expect(loads.count).toBe(1);
  });

  it('inside a transaction: a rollback (also of a nested one the outer caught) is never seen', () => {
    const { store, repository } = setup();
    repository.insertAgent(agent('a1', 'alice'));
    repository.insertAgent({ ...agent('a2', 'bob'), position: 1 });
    repository.findAgent('a1');
    store.transaction(() => {
      repository.updateAgent({ ...agent('a1', 'alice'), state: 'working' });
      try {
        store.transaction(() => {
          repository.updateAgent({ ...agent('a2', 'bob'), position: 1, state: 'error' });
          throw new Error('undo the savepoint');
        });
      } catch {
        // the enclosing transaction commits alice's change
      }
    });
    expect(repository.findAgent('a1')?.state).toBe('working');
    expect(repository.findAgent('a2')?.state).toBe('idle');
    expect(() =>
      store.transaction(() => {
        repository.updateAgent({ ...agent('a1', 'alice'), state: 'exited' });
        expect(repository.findAgent('a1')?.state).toBe('exited');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(repository.findAgent('a1')?.state).toBe('working');
  });

  it("finds the agent bound to a pane: a copy of it alone, none for a pane nobody's, and it follows a rebinding", () => {
    const { repository } = setup();
    repository.insertAgent({ ...agent('a1', 'alice'), paneId: 'p1' });
    repository.insertAgent({ ...agent('a2', 'bob'), paneId: 'p2', worktree: null });
    const found = repository.agentInPane('p2')!;
    expect(found).toMatchObject({ id: 'a2', paneId: 'p2' });
    found.state = 'error';
    expect(repository.agentInPane('p2')!.state).toBe('idle');
    expect(repository.agentInPane('p9')).toBeUndefined();
    repository.updateAgent({ ...repository.findAgent('a2')!, paneId: null, state: 'lost' });
    expect(repository.agentInPane('p2')).toBeUndefined();
    repository.updateAgent({ ...repository.findAgent('a1')!, paneId: 'p2' });
    expect(repository.agentInPane('p2')!.id).toBe('a1');
    expect(repository.agentInPane('p1')).toBeUndefined();
  });
});

// A state change patches the index in place of one agent: the work does not grow with the fleet (100 agents exiting
// together are ~300 state changes, each of which rebuilt the lookup of every agent by id and name).
const agentNo = (i: number): Agent => ({
  ...agent(`agent-${i}`, `worker-${i}`),
  paneId: `pane-${i}`,
  position: i,
});

/** An index of `size` agents, read once (so patches apply to a kept snapshot), outside any transaction. */
function indexOf(size: number): FleetIndex {
  const agents = Array.from({ length: size }, (_, i) => agentNo(i));
  const index = new FleetIndex(
    () => ({ agents: agents.map((a) => ({ ...a })), teams: [] }),
    () => false,
  );
  index.current();
  return index;
}

const states = ['working', 'idle', 'exited'] as const;
const patchAll = (index: FleetIndex, size: number, round: number) => {
  for (let i = 0; i < size; i++)
    index.agentUpdated({
      ...agentNo(i),
      state: states[(i + round) % 3]!,
      stateSince: `2026-01-0${1 + (round % 9)}`,
    });
};

/** Bytes allocated per state change over `rounds` of `size` changes. */
async function bytesPerChange(index: FleetIndex, size: number, rounds: number): Promise<number> {
  const bytes = await allocatedBytes(() => {
    for (let round = 0; round < rounds; round++) patchAll(index, size, round);
  });
  return bytes / (rounds * size);
}

describe('fleet index: a state change', () => {
  it('is found by id and by name at once, through many changes in a row', () => {
    const index = indexOf(50);
    for (let round = 0; round < 5; round++) {
      patchAll(index, 50, round);
      for (let i = 0; i < 50; i++) {
        const expected = states[(i + round) % 3];
        expect(index.current().agentsByRef.get(`agent-${i}`)?.state).toBe(expected);
        expect(index.current().agentsByRef.get(`worker-${i}`)?.state).toBe(expected);
      }
    }
  });

  it('costs the same at 400 agents as at 20: the lookup is patched, not rebuilt', async () => {
    // Extra bytes a change allocates per agent in the fleet: before, the agent list was copied and the map of ids
    // and names rebuilt (~150 bytes an agent per change: 15 KB at 100 agents, 4.5 MB over 100 exits at once); now
    // only the list is copied (~16), plus a small map of the changes since the last build. The least of a few
    // warmed-up tries (unoptimized code allocates more, but alike at both sizes).
    const perAgent: number[] = [];
    for (let attempt = 0; attempt < 5 && !(Math.min(...perAgent) < 40); attempt++) {
      const small = indexOf(20);
      const large = indexOf(400);
      patchAll(small, 20, 0);
      patchAll(large, 400, 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const atSmall = await bytesPerChange(small, 20, 100);
      const atLarge = await bytesPerChange(large, 400, 5);
      perAgent.push((atLarge - atSmall) / 380);
    }
    expect(
      Math.min(...perAgent),
      `extra bytes per change per agent, each try: ${perAgent.join(', ')}`,
    ).toBeLessThan(40);
  });
});
