import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentState } from '@switchboard/protocol';
import { choose, type Candidate, type StrategyMemory } from '../../src/managers/strategies';

const worker = (position: number, extra: Partial<Candidate> = {}): Candidate => ({
  agentId: `w${position}`,
  position,
  state: 'idle',
  role: 'builder',
  priority: 0,
  running: 0,
  ...extra,
});
const fresh: StrategyMemory = { cursor: -1, rng: 42 };

/** Picks `n` times, each pick adding a running step to whoever got it. */
function run(strategy: Parameters<typeof choose>[0], pool: Candidate[], n: number, memory = fresh): string[] {
  const picks: string[] = [];
  let current = pool.map((c) => ({ ...c }));
  for (let i = 0; i < n; i++) {
    const out = choose(strategy, current, memory);
    memory = out.memory;
    picks.push(out.agentId);
    current = current.map((c) => (c.agentId === out.agentId ? { ...c, running: c.running + 1 } : c));
  }
  return picks;
}

describe('delegation strategies', () => {
  it('round_robin follows pool order after the last pick and wraps, skipping workers that are not candidates', () => {
    expect(run('round_robin', [worker(0), worker(1), worker(2)], 7)).toEqual([
      'w0',
      'w1',
      'w2',
      'w0',
      'w1',
      'w2',
      'w0',
    ]);
    // w1 is not available (not a candidate): the rotation goes on around it, remembering the position.
    expect(choose('round_robin', [worker(0), worker(2)], { cursor: 0, rng: 0 })).toEqual({
      agentId: 'w2',
      memory: { cursor: 2, rng: 0 },
    });
    expect(choose('round_robin', [worker(0), worker(2)], { cursor: 2, rng: 0 }).agentId).toBe('w0');
  });

  it('least_busy reads running steps first, then the real state (idle, waiting for input, working), then pool order', () => {
    const states: AgentState[] = ['working', 'idle', 'waiting_for_input'];
    const pool = states.map((state, i) => worker(i, { state }));
    expect(run('least_busy', pool, 4)).toEqual(['w1', 'w2', 'w0', 'w1']);
  });

  it('priority takes the highest priority, least busy among equals', () => {
    const pool = [
      worker(0, { priority: 1 }),
      worker(1, { priority: 5 }),
      worker(2, { priority: 5, state: 'working' }),
    ];
    expect(run('priority', pool, 3)).toEqual(['w1', 'w2', 'w1']);
  });

  it('role_based takes the first idle worker with no running step, then one with no running step, then the first', () => {
    const pool = [worker(0, { state: 'working' }), worker(1), worker(2)];
    expect(run('role_based', pool, 4)).toEqual(['w1', 'w2', 'w0', 'w0']);
  });

  it('random is seeded: the same seed gives the same picks; picks spread over the pool', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }), (seed, size) => {
        const pool = Array.from({ length: size }, (_, i) => worker(i));
        const a = run('random', pool, 20, { cursor: -1, rng: seed });
        expect(run('random', pool, 20, { cursor: -1, rng: seed })).toEqual(a);
        expect(a.every((id) => pool.some((w) => w.agentId === id))).toBe(true);
      }),
    );
    const counts = new Map<string, number>();
    for (const id of run('random', [worker(0), worker(1), worker(2), worker(3)], 4000))
      counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const n of counts.values()) expect(n).toBeGreaterThan(800);
  });

  it('every strategy picks one of the candidates it was given', () => {
    const strategy = fc.constantFrom(
      'round_robin',
      'role_based',
      'least_busy',
      'priority',
      'random' as const,
    );
    const candidate = fc.record({
      position: fc.nat(20),
      running: fc.nat(5),
      priority: fc.nat(10),
      state: fc.constantFrom<AgentState>('idle', 'working', 'waiting_for_input', 'starting', 'unknown'),
    });
    fc.assert(
      fc.property(
        strategy,
        fc.uniqueArray(candidate, { minLength: 1, maxLength: 8, selector: (c) => c.position }),
        fc.integer(),
        (s, cs, rng) => {
          const pool = cs.map((c) => worker(c.position, c));
          expect(pool.map((c) => c.agentId)).toContain(choose(s, pool, { cursor: -1, rng }).agentId);
        },
      ),
    );
  });
});
