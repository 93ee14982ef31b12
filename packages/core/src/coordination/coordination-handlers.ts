import type { HandlerMap } from '../dispatch/handler';
import { BarrierService } from './barrier-service';
import type { CoordinationDeps } from './coordination-kit';
import { LeaderService } from './leader-service';
import { VoteService } from './vote-service';

export type CoordinationCommand =
  | 'barrier.create'
  | 'barrier.arrive'
  | 'barrier.get'
  | 'barrier.list'
  | 'barrier.cancel'
  | 'vote.propose'
  | 'vote.cast'
  | 'vote.get'
  | 'vote.list'
  | 'leader.campaign'
  | 'leader.resign'
  | 'leader.get'
  | 'leader.list';

export interface CoordinationServices {
  barriers: BarrierService;
  votes: VoteService;
  leaders: LeaderService;
}

export function coordinationHandlers({
  barriers,
  votes,
  leaders,
}: CoordinationServices): HandlerMap<CoordinationCommand> {
  return {
    'barrier.create': (input, { caller }) => barriers.create(caller, input),
    'barrier.arrive': (input, { caller }) => barriers.arrive(caller, input.barrier),
    'barrier.get': (input, { caller }) => barriers.get(caller, input.barrier),
    'barrier.list': (input, { caller }) => ({ barriers: barriers.list(caller, input.open === true) }),
    'barrier.cancel': (input, { caller }) => barriers.cancel(caller, input.barrier),
    'vote.propose': (input, { caller }) => votes.propose(caller, input),
    'vote.cast': (input, { caller }) => votes.cast(caller, input),
    'vote.get': (input, { caller }) => votes.get(caller, input.vote),
    'vote.list': (input, { caller }) => ({ votes: votes.list(caller, input.open === true) }),
    'leader.campaign': (input, { caller }) => leaders.campaign(caller, input.group, input.ttlSeconds),
    'leader.resign': (input, { caller }) => leaders.resign(caller, input.group),
    'leader.get': (input) => leaders.get(input.group),
    'leader.list': () => ({ groups: leaders.list() }),
  };
}

/** The three services over one set of deps, their handlers, and their start (after the fleet is reconciled) and stop. */
export function createCoordination(deps: CoordinationDeps) {
  const services: CoordinationServices = {
    barriers: new BarrierService(deps),
    votes: new VoteService(deps),
    leaders: new LeaderService(deps),
  };
  return {
    ...services,
    handlers: coordinationHandlers(services),
    start: () => Object.values(services).forEach((service) => service.start()),
    stop: () => Object.values(services).forEach((service) => service.stop()),
  };
}
