import { z } from 'zod';
import { AgentRef, Id, Name, TeamRef } from '../model/ids';
import { plainText } from '../model/agent-spec';
import { Barrier, BarrierParties, Leadership, Vote } from '../model/coordination';
import { defineCommand } from './define';

const Seconds = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 3600);
const Option = plainText(1, 200);

export const coordinationCommands = {
  'barrier.create': defineCommand({
    description:
      'Create a barrier: a point that `parties` (agents, a team, or any `count` agents) must all reach (barrier.arrive) before it releases; ' +
      'every arrived party is notified when it releases or times out.',
    input: z.strictObject({
      name: Name,
      parties: BarrierParties,
      timeoutSeconds: Seconds.optional().describe('open longer than this: timed_out'),
    }),
    output: Barrier,
    callers: ['human', 'agent'],
  }),
  'barrier.arrive': defineCommand({
    description:
      'Report that you reached the barrier. Returns it: `released` when you were the last one needed, else `open` (you are notified on release).',
    input: z.strictObject({ barrier: Id }),
    output: Barrier,
    callers: ['agent'],
  }),
  'barrier.get': defineCommand({
    description: 'A barrier: who may arrive, who arrived, its state and deadline.',
    input: z.strictObject({ barrier: Id }),
    output: Barrier,
    callers: ['human', 'agent'],
  }),
  'barrier.list': defineCommand({
    description:
      'Barriers you may see (an agent: the ones it created, may arrive at, or arrived at), newest first.',
    input: z.strictObject({ open: z.boolean().optional().describe('only open ones') }),
    output: z.object({ barriers: z.array(Barrier) }),
    callers: ['human', 'agent'],
  }),
  'barrier.cancel': defineCommand({
    description: 'Cancel an open barrier (its creator or the human); arrived parties are told.',
    input: z.strictObject({ barrier: Id }),
    output: Barrier,
    callers: ['human', 'agent'],
  }),
  'vote.propose': defineCommand({
    description:
      'Put a question to voters (agents or a team): each casts one ballot for one option; the vote closes when all voted or at the deadline. ' +
      'Quorum (default: a majority of the voters) ballots needed; the option with most ballots wins, a tie has no winner.',
    input: z.strictObject({
      question: plainText(1, 2000, true),
      options: z
        .array(Option)
        .min(2)
        .max(20)
        .refine((o) => new Set(o).size === o.length, 'options must differ'),
      voters: z.union([
        z.strictObject({ agents: z.array(AgentRef).min(1).max(200) }),
        z.strictObject({ team: TeamRef }),
      ]),
      quorum: z.number().int().min(1).max(200).optional(),
      deadlineSeconds: Seconds.default(3600),
    }),
    output: Vote,
    callers: ['human', 'agent'],
  }),
  'vote.cast': defineCommand({
    description: 'Cast your one ballot in an open vote you are a voter in.',
    input: z.strictObject({ vote: Id, option: Option }),
    output: Vote,
    callers: ['agent'],
  }),
  'vote.get': defineCommand({
    description: 'A vote: options, ballots, state and result.',
    input: z.strictObject({ vote: Id }),
    output: Vote,
    callers: ['human', 'agent'],
  }),
  'vote.list': defineCommand({
    description: 'Votes you may see (an agent: the ones it proposed or votes in), newest first.',
    input: z.strictObject({ open: z.boolean().optional() }),
    output: z.object({ votes: z.array(Vote) }),
    callers: ['human', 'agent'],
  }),
  'leader.campaign': defineCommand({
    description:
      'Ask to lead a group: with no live leader you become it (a lease of ttlSeconds, a new term); as the leader you renew the lease; ' +
      'otherwise you wait as a candidate and take over, notified, when the lease lapses or the leader dies or resigns.',
    input: z.strictObject({ group: Name, ttlSeconds: z.number().int().min(5).max(3600).default(60) }),
    output: Leadership,
    callers: ['agent'],
  }),
  'leader.resign': defineCommand({
    description:
      'Stop leading (or stop waiting as a candidate); the longest-waiting live candidate takes over.',
    input: z.strictObject({ group: Name }),
    output: Leadership,
    callers: ['agent'],
  }),
  'leader.get': defineCommand({
    description: "A group's leader, term, lease expiry and candidates.",
    input: z.strictObject({ group: Name }),
    output: Leadership,
    callers: ['human', 'agent'],
  }),
  'leader.list': defineCommand({
    description: 'Every leader group.',
    input: z.strictObject({}),
    output: z.object({ groups: z.array(Leadership) }),
    callers: ['human', 'agent'],
  }),
} as const;
