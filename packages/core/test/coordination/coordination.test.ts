import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  humanCaller,
  type Barrier,
  type Caller,
  type Leadership,
  type SwitchboardEvent,
  type Vote,
} from '@switchboard/protocol';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '../../src/index';
import { tallyVote } from '../../src/coordination/vote-service';
import { FakeClock } from '../../src/testing/index';
import { createWorld, settle, type World } from '../support/world';

const told = (world: World, correlationId: string) =>
  world.events.flatMap((e) =>
    e.type === 'message.sent' && e.correlationId === correlationId ? e.recipientIds : [],
  );
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );

describe('barriers (real SQLite, fake clock)', () => {
  it('releases when every named party arrived, tells the waiting ones, and refuses outsiders', async () => {
    const world = createWorld();
    const [a, b, c] = [await world.spawn('a'), await world.spawn('b'), await world.spawn('c')];
    const outsider = await world.spawn('outsider');
    const boss = await world.spawn('boss', 'manager');
    const outsiderSaw: string[] = [];
    world.orchestrator.subscribe((event) => outsiderSaw.push(event.type), outsider);
    const created = (await world.as(boss)('barrier.create', {
      name: 'merged',
      parties: { agents: ['a', 'b', 'c'] },
      timeoutSeconds: 60,
    })) as Barrier;
    expect(created).toMatchObject({ state: 'open', needed: 3, parties: [a.id, b.id, c.id] });
    expect(((await world.as(a)('barrier.arrive', { barrier: created.id })) as Barrier).state).toBe('open');
    // Arriving twice counts once.
    expect(((await world.as(a)('barrier.arrive', { barrier: created.id })) as Barrier).arrived).toHaveLength(
      1,
    );
    expect(await code(world.as(outsider)('barrier.arrive', { barrier: created.id }))).toBe('not_found');
    await world.as(b)('barrier.arrive', { barrier: created.id });
    const released = (await world.as(c)('barrier.arrive', { barrier: created.id })) as Barrier;
    expect(released.state).toBe('released');
    expect(released.arrived.map((x) => x.agentId)).toEqual([a.id, b.id, c.id]);
    expect(told(world, `barrier:${created.id}`).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(world.events.filter((e) => e.type.startsWith('barrier.')).map((e) => e.type)).toEqual([
      'barrier.created',
      'barrier.arrived',
      'barrier.arrived',
      'barrier.arrived',
      'barrier.closed',
    ]);
    expect(outsiderSaw.filter((t) => t.startsWith('barrier.'))).toEqual([]);
    expect(await code(world.as(c)('barrier.arrive', { barrier: created.id }))).toBe('ok');
    expect(((await world.as(outsider)('barrier.list', {})) as { barriers: Barrier[] }).barriers).toEqual([]);
  });

  it('a team barrier times out on the clock with the parties that arrived; a count barrier takes any N agents', async () => {
    const world = createWorld();
    await world.human('team.create', { name: 'crew' });
    const [a, b] = [await world.spawn('a', 'builder', 'crew'), await world.spawn('b', 'builder', 'crew')];
    const c = await world.spawn('c', 'builder', 'crew');
    const team = (await world.human('barrier.create', {
      name: 'sync',
      parties: { team: 'crew' },
      timeoutSeconds: 30,
    })) as Barrier;
    expect(team.needed).toBe(3);
    await world.as(a)('barrier.arrive', { barrier: team.id });
    await world.as(b)('barrier.arrive', { barrier: team.id });
    world.clock.advance(29_000);
    expect(((await world.human('barrier.get', { barrier: team.id })) as Barrier).state).toBe('open');
    world.clock.advance(1_000);
    expect(((await world.human('barrier.get', { barrier: team.id })) as Barrier).state).toBe('timed_out');
    expect(told(world, `barrier:${team.id}`).sort()).toEqual([a.id, b.id].sort());
    expect(await code(world.as(c)('barrier.arrive', { barrier: team.id }))).toBe('conflict');

    const any = (await world.human('barrier.create', { name: 'two', parties: { count: 2 } })) as Barrier;
    await world.as(a)('barrier.arrive', { barrier: any.id });
    expect(((await world.as(b)('barrier.arrive', { barrier: any.id })) as Barrier).state).toBe('released');
    expect(await code(world.human('barrier.create', { name: 'x', parties: { team: 'nobody' } }))).toBe(
      'invalid_input',
    );
    expect(
      await code(world.human('barrier.create', { name: 'x', parties: { agents: ['a', 'ghost'] } })),
    ).toBe('invalid_input');
  });

  it('who may: a worker arrives but may not create; the creator or the human cancels', async () => {
    const world = createWorld();
    const worker = await world.spawn('w');
    const boss = await world.spawn('boss', 'manager');
    expect(await code(world.as(worker)('barrier.create', { name: 'x', parties: { count: 1 } }))).toBe(
      'forbidden',
    );
    const barrier = (await world.as(boss)('barrier.create', { name: 'x', parties: { count: 2 } })) as Barrier;
    const other = await world.spawn('other', 'manager');
    expect(await code(world.as(other)('barrier.cancel', { barrier: barrier.id }))).toBe('forbidden');
    await world.as(worker)('barrier.arrive', { barrier: barrier.id });
    expect(((await world.as(boss)('barrier.cancel', { barrier: barrier.id })) as Barrier).state).toBe(
      'cancelled',
    );
    expect(told(world, `barrier:${barrier.id}`)).toEqual([worker.id]);
  });
});

describe('votes (real SQLite, fake clock)', () => {
  it('one ballot per voter, closes when everyone voted, with the winner and the tally', async () => {
    const world = createWorld();
    const [a, b, c] = [await world.spawn('a'), await world.spawn('b'), await world.spawn('c')];
    const outsider = await world.spawn('outsider');
    const boss = await world.spawn('boss', 'manager');
    const vote = (await world.as(boss)('vote.propose', {
      question: 'Ship it?',
      options: ['yes', 'no'],
      voters: { agents: ['a', 'b', 'c'] },
    })) as Vote;
    expect(vote).toMatchObject({ quorum: 2, state: 'open' });
    expect(told(world, `vote:${vote.id}`).sort()).toEqual([a.id, b.id, c.id].sort());
    await world.as(a)('vote.cast', { vote: vote.id, option: 'yes' });
    expect(await code(world.as(a)('vote.cast', { vote: vote.id, option: 'no' }))).toBe('conflict');
    expect(await code(world.as(b)('vote.cast', { vote: vote.id, option: 'maybe' }))).toBe('invalid_input');
    expect(await code(world.as(outsider)('vote.cast', { vote: vote.id, option: 'yes' }))).toBe('not_found');
    expect(await code(world.as(boss)('vote.cast', { vote: vote.id, option: 'yes' }))).toBe('forbidden');
    await world.as(b)('vote.cast', { vote: vote.id, option: 'no' });
    const closed = (await world.as(c)('vote.cast', { vote: vote.id, option: 'yes' })) as Vote;
    expect(closed.state).toBe('closed');
    expect(closed.result).toEqual({ outcome: 'decided', winner: 'yes', tally: { yes: 2, no: 1 } });
    expect(await code(world.as(c)('vote.cast', { vote: vote.id, option: 'yes' }))).toBe('conflict');
    expect(
      await code(
        world.as(b)('vote.propose', { question: 'q', options: ['x', 'y'], voters: { agents: ['a'] } }),
      ),
    ).toBe('forbidden');
    expect(
      await code(
        world.human('vote.propose', {
          question: 'q',
          options: ['x', 'y'],
          voters: { agents: ['a'] },
          quorum: 2,
        }),
      ),
    ).toBe('invalid_input');
  });

  it('at the deadline: too few ballots is no quorum, an even split is a tie', async () => {
    const world = createWorld();
    const [a, b] = [await world.spawn('a'), await world.spawn('b')];
    await world.spawn('c');
    const lonely = (await world.human('vote.propose', {
      question: 'q1',
      options: ['x', 'y'],
      voters: { agents: ['a', 'b', 'c'] },
      deadlineSeconds: 60,
    })) as Vote;
    const split = (await world.human('vote.propose', {
      question: 'q2',
      options: ['x', 'y'],
      voters: { agents: ['a', 'b', 'c'] },
      quorum: 2,
      deadlineSeconds: 60,
    })) as Vote;
    await world.as(a)('vote.cast', { vote: lonely.id, option: 'x' });
    await world.as(a)('vote.cast', { vote: split.id, option: 'x' });
    await world.as(b)('vote.cast', { vote: split.id, option: 'y' });
    world.clock.advance(60_000);
    expect(((await world.human('vote.get', { vote: lonely.id })) as Vote).result).toMatchObject({
      outcome: 'no_quorum',
      winner: null,
    });
    expect(((await world.human('vote.get', { vote: split.id })) as Vote).result).toEqual({
      outcome: 'tie',
      winner: null,
      tally: { x: 1, y: 1 },
    });
  });

  it('tallyVote: a decided winner has strictly the most ballots; fewer ballots than the quorum never decide', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (picks, quorum) => {
          const options = ['a', 'b', 'c', 'd'];
          const result = tallyVote({
            options,
            quorum,
            ballots: picks.map((i) => ({ agentId: `v${i}`, option: options[i]!, at: '' })),
          });
          const counts = options.map((o) => picks.filter((i) => options[i] === o).length);
          expect(Object.values(result.tally)).toEqual(counts);
          if (picks.length < quorum) return result.outcome === 'no_quorum';
          const most = Math.max(...counts);
          const top = counts.filter((n) => n === most).length;
          return top === 1
            ? result.outcome === 'decided' && result.tally[result.winner!] === most
            : result.outcome === 'tie' && result.winner === null;
        },
      ),
    );
  });
});

describe('leader election with leases (real SQLite, fake clock)', () => {
  it('one leader per group; renewals keep it; a lapsed lease passes to the longest-waiting candidate, who is told', async () => {
    const world = createWorld();
    const [a, b, c] = [await world.spawn('a'), await world.spawn('b'), await world.spawn('c')];
    const first = (await world.as(a)('leader.campaign', { group: 'deploy', ttlSeconds: 30 })) as Leadership;
    expect(first).toMatchObject({ leaderId: a.id, term: 1, candidates: [] });
    expect(
      (await world.as(b)('leader.campaign', { group: 'deploy', ttlSeconds: 20 })) as Leadership,
    ).toMatchObject({ leaderId: a.id, candidates: [b.id] });
    await world.as(c)('leader.campaign', { group: 'deploy', ttlSeconds: 20 });
    world.clock.advance(25_000);
    await world.as(a)('leader.campaign', { group: 'deploy', ttlSeconds: 30 });
    world.clock.advance(25_000);
    expect((await world.human('leader.get', { group: 'deploy' })) as Leadership).toMatchObject({
      leaderId: a.id,
      term: 1,
    });
    world.clock.advance(5_000);
    const after = (await world.human('leader.get', { group: 'deploy' })) as Leadership;
    expect(after).toMatchObject({ leaderId: b.id, term: 2, candidates: [c.id], ttlSeconds: 20 });
    expect(told(world, 'leader:deploy:2')).toEqual([b.id]);
    const changes = world.events.filter(
      (e): e is Extract<SwitchboardEvent, { type: 'leader.changed' }> => e.type === 'leader.changed',
    );
    expect(changes.map((e) => [e.change, e.previousId, e.leadership.leaderId])).toEqual([
      ['elected', null, a.id],
      ['lapsed', a.id, b.id],
    ]);
    // The old leader now waits like anyone else.
    expect((await world.as(a)('leader.campaign', { group: 'deploy' })) as Leadership).toMatchObject({
      leaderId: b.id,
      candidates: [c.id, a.id],
    });
  });

  it('fails over when the leader is closed or resigns; with no live candidate the group is gone, its terms go on', async () => {
    const world = createWorld();
    const [a, b, c] = [await world.spawn('a'), await world.spawn('b'), await world.spawn('c')];
    await world.as(a)('leader.campaign', { group: 'g' });
    await world.as(b)('leader.campaign', { group: 'g' });
    await world.as(c)('leader.campaign', { group: 'g' });
    await world.human('agent.close', { agent: 'a' });
    await settle();
    expect((await world.human('leader.get', { group: 'g' })) as Leadership).toMatchObject({
      leaderId: b.id,
      term: 2,
      candidates: [c.id],
    });
    await world.human('agent.close', { agent: 'c' });
    await settle();
    const resigned = (await world.as(b)('leader.resign', { group: 'g' })) as Leadership;
    expect(resigned).toMatchObject({ leaderId: null, term: 2, candidates: [] });
    expect(await code(world.as(b)('leader.resign', { group: 'g' }))).toBe('not_found');
    const monitor = await world.spawn('m', 'monitor');
    expect(await code(world.as(monitor)('leader.campaign', { group: 'g' }))).toBe('forbidden');
    // Nobody leads or waits: the group is not kept (a row each for every name ever campaigned for, walked at every
    // close), but a leader taken again gets a term above every one before: terms stay fencing tokens.
    expect(((await world.as(monitor)('leader.list', {})) as { groups: Leadership[] }).groups).toEqual([]);
    expect((await world.as(b)('leader.campaign', { group: 'g' })) as Leadership).toMatchObject({
      leaderId: b.id,
      term: 3,
    });
  });
});

describe('coordination survives a host restart (SQLite file)', () => {
  it('open barriers keep their arrivals, votes their ballots; deadlines and leases that passed while down fire on start', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-coord-')), 'switchboard.db');
    const clock = new FakeClock();
    const backend = createMemoryBackend();
    const first = createOrchestrator({ databasePath: path, backend, clock });
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c'])
      ids.push((await first.fleet.spawn({ name, kind: 'shell', role: 'builder' })).agent.id);
    const [a, b] = ids.map((id): Caller => ({ kind: 'agent', id }));
    const human = (o: Orchestrator) => (name: string, input: unknown) => o.invoke(humanCaller, name, input);
    const barrier = (await human(first)('barrier.create', {
      name: 'x',
      parties: { agents: ['a', 'b'] },
    })) as Barrier;
    const timed = (await human(first)('barrier.create', {
      name: 'y',
      parties: { agents: ['a', 'b'] },
      timeoutSeconds: 30,
    })) as Barrier;
    await first.invoke(a!, 'barrier.arrive', { barrier: barrier.id });
    const vote = (await human(first)('vote.propose', {
      question: 'q',
      options: ['x', 'y'],
      voters: { agents: ['a', 'b', 'c'] },
      deadlineSeconds: 60,
    })) as Vote;
    await first.invoke(a!, 'vote.cast', { vote: vote.id, option: 'y' });
    await first.invoke(b!, 'vote.cast', { vote: vote.id, option: 'y' });
    await first.invoke(a!, 'leader.campaign', { group: 'g', ttlSeconds: 30 });
    await first.invoke(b!, 'leader.campaign', { group: 'g', ttlSeconds: 30 });
    await first.close();

    clock.advance(120_000);
    const second = createOrchestrator({ databasePath: path, backend, clock });
    await second.ready;
    await settle();
    clock.advance(0);
    expect(((await human(second)('barrier.get', { barrier: timed.id })) as Barrier).state).toBe('timed_out');
    expect(((await human(second)('vote.get', { vote: vote.id })) as Vote).result).toMatchObject({
      outcome: 'decided',
      winner: 'y',
    });
    expect((await human(second)('leader.get', { group: 'g' })) as Leadership).toMatchObject({
      leaderId: b!.id,
      term: 2,
    });
    const released = (await second.invoke(b!, 'barrier.arrive', { barrier: barrier.id })) as Barrier;
    expect(released).toMatchObject({ state: 'released', arrived: [{ agentId: a!.id }, { agentId: b!.id }] });
    await second.close();
  });
});
