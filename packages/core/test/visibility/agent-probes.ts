// Every command an agent may call, classified, with the inputs another agent tries against A's things. A command the
// contract adds for agents fails visibility.test.ts until it is classified here.
import { SwitchboardError } from '@switchboard/protocol';
import { settle, type World } from '../support/world';
import { PRIVATE, TEAM } from './private-world';

/** The ids of A's things that the probes guess (as another agent could: ids are in events and lists). */
export interface AIds {
  agent: string;
  /** A request the human sent A. */
  message: string;
  plan: string;
  /** An escalation A asked: a decider may decide it, so it sees it. */
  approval: string;
  /** A permission item A asked: no agent decides one, so no other agent sees it. */
  permission: string;
  watch: string;
  flow: string;
  pane: string;
  lock: string;
  manager: string;
  barrier: string;
  vote: string;
}

/**
 * Every answer or refusal must carry nothing of A's. read: A's things unchanged. own: acts on the caller's own
 * things (it may succeed and change what the human sees: a message to A). theirs: a write on A's things, refused
 * with a typed error, A's things unchanged.
 */
export type Access = 'read' | 'own' | 'theirs';

/** A probe is named by its command, or `command (variant)` for a second classification of the same command. */
export const commandOf = (probeName: string) => probeName.split(' ')[0]!;

/** A call's answer or typed refusal (code, text, details), as the caller gets it. */
export const outcomeOf = (call: Promise<unknown>) =>
  call.then(
    (answer) => ({ answer }),
    (error: unknown) =>
      error instanceof SwitchboardError
        ? { refused: { code: error.code, message: error.message, details: error.details } }
        : { untyped: String(error) },
  );
/** A call's outcome as the caller gets it; a wait given no time (`timeoutSeconds: 0`) ends on the fake clock's next turn. */
export async function answerOf(world: World, call: Promise<unknown>): ReturnType<typeof outcomeOf> {
  let done = false;
  const outcome = outcomeOf(call).finally(() => (done = true));
  await settle();
  if (!done) world.clock.advance(0);
  return outcome;
}

export interface Probe {
  access: Access;
  inputs: (ids: AIds) => unknown[];
}

const probe = (access: Access, ...inputs: ((ids: AIds) => unknown)[]): Probe => ({
  access,
  inputs: (ids) => inputs.map((input) => input(ids)),
});
const A_NAMESPACES = (ids: AIds) => ['agent:a', 'team:alpha', `plan:${ids.plan}`];
/** Another agent's flows that would copy out what they see of A's messages, screen and plan if they saw it. */
const COPY =
  '{{body}}|{{message}}|{{line}}|{{text}}|{{match}}|{{plan}}|{{step}}|{{output}}|{{task}}|{{reason}}';
const spyFlows = [
  { on: 'message' },
  { on: 'output', agent: 'a', pattern: { regex: 'MARK' } },
  { on: 'plan' },
].map((trigger, i) => ({
  name: `spy-${i}`,
  maxFiringsPerMinute: 60,
  trigger,
  branches: [{ actions: [{ do: 'send', to: { agent: 'b' }, body: `spy ${COPY}` }] }],
}));
const flowSpec = {
  name: PRIVATE.flowName,
  trigger: { on: 'message', to: 'a' },
  branches: [{ actions: [{ do: 'send', to: { agent: 'b' }, body: 'copy' }] }],
};

export const PROBES: Record<string, Probe> = {
  'agent.spawn': probe('own', () => ({ name: 'spawned-by-prober', kind: 'shell' })),
  'agent.list': probe('read', () => ({})),
  'agent.whoami': probe('read', () => ({})),
  'layout.get': probe('read', () => ({})),
  'message.send': probe('own', () => ({ to: { agent: 'a' }, body: 'hello' })),
  // A reply to A's message would name its sender (the delivery) and join A's thread: refused as unknown.
  'message.send (reply)': probe('theirs', (ids) => ({ kind: 'reply', replyTo: ids.message, body: 'reply' })),
  'message.receive': probe(
    'theirs',
    () => ({ agent: 'a' }),
    (ids) => ({ agent: ids.agent }),
  ),
  'message.peek': probe(
    'read',
    () => ({ agent: 'a' }),
    () => ({}),
  ),
  'message.ack': probe(
    'theirs',
    () => ({ agent: 'a', upTo: 100 }),
    () => ({ agent: 'a', all: true }),
  ),
  'message.status': probe(
    'read',
    () => ({ agent: 'a' }),
    () => ({}),
  ),
  'health.get': probe(
    'read',
    () => ({ agent: 'a' }),
    (ids) => ({ agent: ids.agent }),
  ),
  'health.history': probe('read', () => ({ agent: 'a' })),
  'health.reportHook': probe('own', () => ({ event: 'Stop' })),
  'health.heartbeat': probe('own', () => ({ note: 'probing' })),
  'pane.list': probe(
    'read',
    () => ({}),
    () => ({ titleMatches: 'MARK' }),
    () => ({ agent: 'a' }),
  ),
  'pane.read': probe(
    'read',
    () => ({ targets: ['a'], scrollback: true }),
    (ids) => ({ targets: [ids.pane] }),
  ),
  'pane.getVariable': probe('read', () => ({ target: 'a', name: 'note' })),
  'pane.waitFor': probe('read', () => ({
    target: 'a',
    until: 'pattern',
    pattern: 'MARK',
    timeoutSeconds: 0,
  })),
  'pane.watch': probe('read', () => ({ target: 'a', pattern: 'MARK' })),
  'pane.watches': probe('read', () => ({})),
  'pane.send': probe('theirs', () => ({ targets: ['a'], text: 'typed by another', submit: false })),
  'pane.keys': probe('theirs', () => ({ targets: ['a'], keys: ['enter'] })),
  'pane.focus': probe('theirs', () => ({ target: 'a' })),
  'pane.setAppearance': probe('theirs', () => ({ target: 'a', title: 'retitled' })),
  'pane.setVariable': probe('theirs', () => ({ target: 'a', name: 'note', value: 'overwritten' })),
  'pane.unwatch': probe('theirs', (ids) => ({ watchId: ids.watch })),
  'human.notify': probe('own', () => ({ summary: 'probing' })),
  'approval.request': probe('own', () => ({ kind: 'escalation', summary: 'probing' })),
  'approval.wait': probe('read', (ids) => ({ id: ids.approval, waitMs: 0 })),
  'approval.wait (permission)': probe('read', (ids) => ({ id: ids.permission, waitMs: 0 })),
  'approval.decide': probe('theirs', (ids) => ({ decisions: [{ id: ids.approval, verdict: 'approve' }] })),
  'approval.decide (permission)': probe('theirs', (ids) => ({
    decisions: [{ id: ids.permission, verdict: 'approve' }],
  })),
  'approval.list': probe('read', () => ({})),
  'approval.history': probe('read', () => ({})),
  'policy.list': probe('read', () => ({})),
  'lock.acquire': probe('theirs', () => ({ resource: { kind: 'branch', name: 'a-branch' } })),
  'lock.renew': probe('theirs', (ids) => ({ lockId: ids.lock })),
  'lock.release': probe('theirs', (ids) => ({ lockId: ids.lock })),
  'lock.list': probe('read', () => ({})),
  'lock.request': probe('own', () => ({ resource: { kind: 'branch', name: 'a-branch' }, waitMs: 0 })),
  'role.list': probe('read', () => ({})),
  'role.assign': probe('theirs', () => ({ agent: 'a', role: 'builder' })),
  'recovery.status': probe('read', () => ({ agent: 'a' })),
  'recovery.log': probe('read', () => ({ agent: 'a' })),
  // Plan and barrier names are not unique: one named like A's would be the prober's own, no collision to try.
  'plan.create': probe('own', () => ({
    name: 'b-plan',
    steps: [{ id: 'x', task: 'probe', assignee: { agent: 'b' } }],
  })),
  'plan.get': probe('read', (ids) => ({ plan: ids.plan })),
  'plan.list': probe('read', () => ({})),
  'plan.pause': probe('theirs', (ids) => ({ plan: ids.plan })),
  'plan.resume': probe('theirs', (ids) => ({ plan: ids.plan })),
  'plan.cancel': probe('theirs', (ids) => ({ plan: ids.plan })),
  'plan.retryStep': probe('theirs', (ids) => ({ plan: ids.plan, step: 'only' })),
  'plan.reassignStep': probe('theirs', (ids) => ({ plan: ids.plan, step: 'only', assignee: { agent: 'b' } })),
  'plan.completeStep': probe('theirs', (ids) => ({
    plan: ids.plan,
    step: 'only',
    output: 'done by another',
  })),
  'plan.failStep': probe('theirs', (ids) => ({ plan: ids.plan, step: 'only', reason: 'failed by another' })),
  'manager.create': probe(
    'own',
    () => ({ name: 'b-pool' }),
    () => ({ name: PRIVATE.managerName }),
  ),
  'manager.list': probe('read', () => ({})),
  'manager.status': probe('read', (ids) => ({ manager: ids.manager })),
  'manager.update': probe('theirs', (ids) => ({ manager: ids.manager, strategy: 'random' })),
  'manager.delete': probe('theirs', (ids) => ({ manager: ids.manager })),
  'manager.delegate': probe('theirs', (ids) => ({ manager: ids.manager, task: 'work for another' })),
  // A's pool named by its id in a plan of another's: refused as unknown, its name not told.
  'plan.create (manager)': probe('theirs', (ids) => ({
    name: 'b-pooled',
    steps: [{ id: 'x', task: 'work for another', assignee: { manager: ids.manager } }],
  })),
  'barrier.create': probe('own', () => ({ name: 'b-barrier', parties: { count: 2 } })),
  'barrier.arrive': probe('theirs', (ids) => ({ barrier: ids.barrier })),
  'barrier.get': probe('read', (ids) => ({ barrier: ids.barrier })),
  'barrier.list': probe('read', () => ({})),
  'barrier.cancel': probe('theirs', (ids) => ({ barrier: ids.barrier })),
  'vote.propose': probe('own', () => ({
    question: 'probe?',
    options: ['y', 'n'],
    voters: { agents: ['b'] },
  })),
  'vote.cast': probe('theirs', (ids) => ({ vote: ids.vote, option: 'no' })),
  'vote.get': probe('read', (ids) => ({ vote: ids.vote })),
  'vote.list': probe('read', () => ({})),
  'leader.campaign': probe('own', () => ({ group: 'a-group' })),
  // Resigns the caller's own candidacy (taken by leader.campaign above); A stays the leader.
  'leader.resign': probe('own', () => ({ group: 'a-group' })),
  'leader.get': probe('read', () => ({ group: 'a-group' })),
  'leader.list': probe('read', () => ({})),
  'flow.create': probe('own', ...spyFlows.map((spec) => () => spec), () => flowSpec),
  'flow.update': probe('theirs', (ids) => ({ flow: ids.flow, spec: flowSpec })),
  'flow.remove': probe('theirs', (ids) => ({ flow: ids.flow })),
  'flow.enable': probe('theirs', (ids) => ({ flow: ids.flow })),
  'flow.disable': probe('theirs', (ids) => ({ flow: ids.flow })),
  'flow.list': probe('read', () => ({})),
  'flow.firings': probe('read', (ids) => ({ flow: ids.flow })),
  'flow.dryRun': probe('read', (ids) => ({ flow: ids.flow }), ...spyFlows.map((spec) => () => ({ spec }))),
  'memory.get': {
    access: 'read',
    inputs: (ids) =>
      A_NAMESPACES(ids).flatMap((namespace) =>
        [PRIVATE.memoryKey, TEAM.memoryKey, 'notes'].map((key) => ({ namespace, key })),
      ),
  },
  'memory.search': probe(
    'read',
    () => ({ query: 'MARK' }),
    ...[0, 1, 2].map((i) => (ids: AIds) => ({ query: 'MARK', namespace: A_NAMESPACES(ids)[i] })),
    () => ({ query: 'MARK', author: 'a' }),
  ),
  'memory.list': probe(
    'read',
    () => ({}),
    ...[0, 1, 2].map((i) => (ids: AIds) => ({ namespace: A_NAMESPACES(ids)[i] })),
    () => ({ author: 'a' }),
  ),
  'memory.put': probe(
    'theirs',
    () => ({ namespace: 'agent:a', key: PRIVATE.memoryKey, value: 'overwritten' }),
    (ids) => ({ namespace: `plan:${ids.plan}`, key: 'notes', value: 'overwritten' }),
  ),
  'memory.delete': probe(
    'theirs',
    () => ({ namespace: 'agent:a', key: PRIVATE.memoryKey }),
    (ids) => ({ namespace: `plan:${ids.plan}`, key: 'notes' }),
  ),
  'quota.usage': probe('read', () => ({ agent: 'a' })),
};
