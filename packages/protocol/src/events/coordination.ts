import { z } from 'zod';
import { Barrier, LeaderChange, Leadership, Vote } from '../model/coordination';
import { defineEvent } from './define';

/** Who may see a coordination event besides the human: the agents it involves (creator, parties, voters, candidates). */
const participants = z.array(z.string());

export const coordinationEvents = [
  defineEvent('barrier.created', { barrier: Barrier, participants }),
  defineEvent('barrier.arrived', { barrier: Barrier, agentId: z.string(), participants }),
  defineEvent('barrier.closed', { barrier: Barrier, participants }),
  defineEvent('vote.proposed', { vote: Vote, participants }),
  defineEvent('vote.cast', { vote: Vote, agentId: z.string(), participants }),
  defineEvent('vote.closed', { vote: Vote, participants }),
  defineEvent('leader.changed', {
    leadership: Leadership,
    previousId: z.string().nullable(),
    change: LeaderChange,
    participants,
  }),
] as const;
