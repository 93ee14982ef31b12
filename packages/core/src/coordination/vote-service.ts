import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type { Caller, ParsedInput, Vote, VoteResult } from '@switchboard/protocol';
import { isoTime } from '../ports/clock';
import { assertRoomToHold, defaultHoldingLimits } from '../quotas/holding-limits';
import {
  Deadlines,
  DocumentTable,
  resolveAgents,
  resolveTeam,
  tell,
  type CoordinationDeps,
} from './coordination-kit';

/**
 * The result of a vote's ballots: no quorum (too few ballots), a tie (two or more options share the most
 * ballots), or decided. Pure.
 */
export function tallyVote(vote: Pick<Vote, 'options' | 'ballots' | 'quorum'>): VoteResult {
  const tally = Object.fromEntries(vote.options.map((option) => [option, 0]));
  for (const ballot of vote.ballots) tally[ballot.option] = (tally[ballot.option] ?? 0) + 1;
  if (vote.ballots.length < vote.quorum) return { outcome: 'no_quorum', winner: null, tally };
  const most = Math.max(...Object.values(tally));
  const leaders = vote.options.filter((option) => tally[option] === most);
  return leaders.length === 1
    ? { outcome: 'decided', winner: leaders[0]!, tally }
    : { outcome: 'tie', winner: null, tally };
}

/**
 * Votes: a question, options, a fixed set of voters, a quorum and a deadline. One ballot per voter; the
 * vote closes when every voter has voted or at its deadline (stored: it holds across a restart).
 */
export class VoteService {
  private readonly table: DocumentTable<Vote>;
  private readonly deadlines: Deadlines;

  constructor(private readonly deps: CoordinationDeps) {
    this.table = new DocumentTable<Vote>(deps.store, 'votes');
    this.deadlines = new Deadlines(deps.clock);
  }

  start(): void {
    for (const vote of this.table.list(true)) this.arm(vote);
  }

  stop(): void {
    this.deadlines.clearAll();
  }

  propose(caller: Caller, input: ParsedInput<'vote.propose'>): Vote {
    assertRoomToHold(caller, 'votes', this.deps.holdings ?? defaultHoldingLimits, () =>
      this.table.openCountOf('proposedBy', caller.id),
    );
    const voters =
      'agents' in input.voters
        ? resolveAgents(this.deps, input.voters.agents)
        : resolveTeam(this.deps, input.voters.team);
    const quorum = input.quorum ?? Math.floor(voters.length / 2) + 1;
    if (quorum > voters.length)
      throw new SwitchboardError(
        'invalid_input',
        `Quorum ${quorum} is more than the ${voters.length} voters`,
        { details: { quorum, voters: voters.length } },
      );
    const now = this.deps.clock.now();
    const vote: Vote = {
      id: `vote-${randomUUID()}`,
      question: input.question,
      options: input.options,
      proposedBy: caller.id,
      voters,
      quorum,
      state: 'open',
      ballots: [],
      deadline: new Date(now + input.deadlineSeconds * 1000).toISOString(),
      result: null,
      createdAt: new Date(now).toISOString(),
      closedAt: null,
    };
    this.deps.store.transaction(() => this.table.save(vote, true));
    this.deps.bus.emit({ type: 'vote.proposed', vote, participants: participantsOf(vote) });
    for (const voter of voters) {
      if (voter !== caller.id)
        tell(
          this.deps,
          caller.id,
          voter,
          `Vote ${vote.id}: ${vote.question} Options: ${vote.options.join(' | ')}. Cast yours with vote_cast before ${vote.deadline}.`,
          `vote:${vote.id}`,
        );
    }
    this.arm(vote);
    return vote;
  }

  cast(caller: Caller, input: ParsedInput<'vote.cast'>): Vote {
    const vote = this.visible(caller, input.vote);
    if (!vote.voters.includes(caller.id))
      throw new SwitchboardError('forbidden', 'You are not a voter in this vote', {
        details: { missing: 'voter' },
      });
    if (vote.state !== 'open')
      throw new SwitchboardError('conflict', 'This vote is closed', { details: { result: vote.result } });
    if (!vote.options.includes(input.option))
      throw new SwitchboardError('invalid_input', `"${input.option}" is not an option`, {
        details: { options: vote.options },
      });
    if (vote.ballots.some((b) => b.agentId === caller.id))
      throw new SwitchboardError('conflict', 'You already voted (one ballot per voter)');
    const ballots = [
      ...vote.ballots,
      { agentId: caller.id, option: input.option, at: isoTime(this.deps.clock) },
    ];
    const next: Vote = { ...vote, ballots };
    const everyone = ballots.length === vote.voters.length;
    this.deps.store.transaction(() => this.table.save(next, true));
    this.deps.bus.emit({
      type: 'vote.cast',
      vote: next,
      agentId: caller.id,
      participants: participantsOf(next),
    });
    return everyone ? this.close(next) : next;
  }

  get(caller: Caller, ref: string): Vote {
    return this.visible(caller, ref);
  }

  list(caller: Caller, onlyOpen: boolean): Vote[] {
    return this.table.list(onlyOpen).filter((vote) => maySee(caller, vote));
  }

  private arm(vote: Vote): void {
    this.deadlines.arm(vote.id, vote.deadline, () => {
      const current = this.table.find(vote.id);
      if (current?.state === 'open') this.close(current);
    });
  }

  private close(vote: Vote): Vote {
    this.deadlines.clear(vote.id);
    const result = tallyVote(vote);
    const closed: Vote = { ...vote, state: 'closed', result, closedAt: isoTime(this.deps.clock) };
    this.deps.store.transaction(() => this.table.save(closed, false));
    this.deps.bus.emit({ type: 'vote.closed', vote: closed, participants: participantsOf(closed) });
    const said =
      result.outcome === 'decided'
        ? `decided: ${result.winner}`
        : result.outcome === 'tie'
          ? 'a tie, no winner'
          : `no quorum (${vote.ballots.length} of ${vote.quorum} ballots)`;
    for (const voter of closed.voters) {
      if (voter !== closed.proposedBy)
        tell(
          this.deps,
          closed.proposedBy,
          voter,
          `Vote ${closed.id} (${closed.question}) closed, ${said}.`,
          `vote:${closed.id}`,
        );
    }
    return closed;
  }

  private visible(caller: Caller, ref: string): Vote {
    const vote = this.table.find(ref);
    if (!vote || !maySee(caller, vote))
      throw new SwitchboardError('not_found', `No vote "${ref}"`, {
        hint: 'vote.list shows the votes you may see.',
      });
    return vote;
  }
}

function participantsOf(vote: Vote): string[] {
  return [...new Set([vote.proposedBy, ...vote.voters])];
}

function maySee(caller: Caller, vote: Vote): boolean {
  return caller.kind === 'human' || participantsOf(vote).includes(caller.id);
}
