// A world where one agent, A, has private business in every domain an agent can reach, each carrying a marker string
// of its own, so that a test can look for them mechanically in whatever another agent is answered or told.
import {
  commandNames,
  commands,
  SwitchboardError,
  type Caller,
  type SwitchboardEvent,
} from '@switchboard/protocol';
import { DEFAULT_ROLES } from '../../src/roles/role-defaults';
import { createWorld, settle, type World } from '../support/world';
import type { AIds } from './agent-probes';

/** A's texts no other agent may see: its own, its plans', its approvals', its notices'. */
export const PRIVATE = {
  command: 'MARK-command-of-a',
  env: 'MARK-env-of-a',
  messageIn: 'MARK-message-to-a',
  messageOut: 'MARK-message-from-a',
  memory: 'MARK-memory-of-a',
  memoryKey: 'MARK-memory-key-of-a',
  planMemory: 'MARK-plan-memory-of-a',
  planTask: 'MARK-plan-task-of-a',
  planOutput: 'MARK-plan-output-of-a',
  lockReason: 'MARK-lock-reason-of-a',
  approvalSummary: 'MARK-approval-summary-of-a',
  approvalPayload: 'MARK-approval-payload-of-a',
  permissionSummary: 'MARK-permission-summary-of-a',
  permissionCommand: 'MARK-permission-command-of-a',
  decisionComment: 'MARK-decision-comment-on-a',
  notice: 'MARK-notice-of-a',
  heartbeat: 'MARK-heartbeat-of-a',
  screen: 'MARK-screen-of-a',
  title: 'MARK-title-of-a',
  variable: 'MARK-variable-of-a',
  watchPattern: 'MARK-watch-of-a',
  flowDescription: 'MARK-flow-of-a',
  hook: 'MARK-hook-of-a',
  managerName: 'MARK-pool-of-a',
  planName: 'MARK-plan-name-of-a',
  flowName: 'MARK-flow-name-of-a',
  barrierName: 'MARK-barrier-name-of-a',
  voteQuestion: 'MARK-vote-of-a',
} as const;
/** What A's team may see, and no one outside it. */
export const TEAM = {
  memory: 'MARK-team-memory-of-alpha',
  memoryKey: 'MARK-team-key-of-alpha',
  message: 'MARK-team-message-to-alpha',
  vote: 'MARK-team-vote-of-alpha',
} as const;

/** The prober's role: every command an agent may call, none of the cross-agent powers (spawn, re-role, decide). */
const POWERS = new Set(['agent.spawn', 'role.assign', 'approval.decide']);
export const agentCommands = commandNames.filter((name) =>
  (commands[name].callers as readonly string[]).includes('agent'),
);

/** Every role Switchboard ships (the catalog's defaults): each is a viewer, of another team, with its rights as shipped. */
export const SHIPPED_ROLES = DEFAULT_ROLES.map((role) => role.name);
/** Shipped roles that are also viewers from A's team (`<role>@alpha`): the ones that read or act on other agents. */
const TEAM_ROLES = ['orchestrator', 'manager'];

/** The viewers every visibility test runs as: who they are, and their name in the world (`byRole` for a role's). */
export const VIEWERS: readonly (readonly [string, string])[] = [
  ['an agent of another team', 'b'],
  ["an agent of A's team", 'c'],
  ...SHIPPED_ROLES.map(
    (role) => [`${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} of another team`, role] as const,
  ),
  // The roles with powers over others, in A's own team: what the team shares, and no more.
  ...TEAM_ROLES.map(
    (role) => [`${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} of A's team`, `${role}@alpha`] as const,
  ),
];

export interface PrivateWorld {
  world: World;
  a: Caller;
  b: Caller;
  c: Caller;
  /**
   * An agent of each shipped role (of another team), by role — a monitor, a manager, an orchestrator read other panes
   * — and an orchestrator and a manager of A's team (`orchestrator@alpha`, `manager@alpha`).
   */
  byRole: Record<string, Caller>;
  /** The ids of A's things, for probes that guess them. */
  ids: AIds;
  /** Every event each viewer was given since before A's business began. */
  seen: Map<string, SwitchboardEvent[]>;
}

export async function privateWorld(): Promise<PrivateWorld> {
  const world = createWorld();
  await world.orchestrator.ready;
  const human = world.human;
  await human('team.create', { name: 'alpha' });
  await human('team.create', { name: 'beta' });
  await human('role.update', {
    name: 'prober',
    commands: agentCommands.filter((name) => !POWERS.has(name)),
    mayMessage: ['*'],
    canSpawn: false,
    canChangeRoles: false,
    canWriteOtherPanes: false,
    canReadOtherPanes: false,
    rateLimit: { perMinute: 1_000_000, burst: 1_000_000 },
  });
  // The shipped roles' rights, without the rate limit the probes would exhaust.
  for (const name of SHIPPED_ROLES)
    await human('role.update', { name, rateLimit: { perMinute: 1_000_000, burst: 1_000_000 } });
  const spawn = async (name: string, team: string, extra: Record<string, unknown> = {}) => {
    const { agent } = await world.orchestrator.fleet.spawn({
      name,
      kind: 'shell',
      role: 'prober',
      team,
      ...extra,
    } as never);
    return { kind: 'agent', id: agent.id } as Caller;
  };
  const seen = new Map<string, SwitchboardEvent[]>();
  const watchAs = (viewer: Caller) => {
    const events: SwitchboardEvent[] = [];
    seen.set(viewer.id, events);
    world.orchestrator.subscribe((event) => events.push(event), viewer);
  };
  const b = await spawn('b', 'beta');
  const c = await spawn('c', 'alpha');
  const byRole: Record<string, Caller> = {};
  for (const role of SHIPPED_ROLES) byRole[role] = await spawn(`${role}-viewer`, 'beta', { role });
  for (const role of TEAM_ROLES) byRole[`${role}@alpha`] = await spawn(`${role}-mate`, 'alpha', { role });
  for (const viewer of [b, c, ...Object.values(byRole)]) watchAs(viewer);
  const a = await spawn('a', 'alpha', {
    kind: 'custom',
    command: `${PRIVATE.command} --run`,
    env: { A_SECRET: PRIVATE.env },
  });
  const asA = world.as(a);

  const sent = (await human('message.send', {
    kind: 'request',
    to: { agent: 'a' },
    body: PRIVATE.messageIn,
    typeIntoPane: 'never',
  })) as { messageIds: string[] };
  await asA('message.send', { to: { human: true }, body: PRIVATE.messageOut });
  await asA('memory.put', { namespace: 'agent', key: PRIVATE.memoryKey, value: PRIVATE.memory });
  await asA('memory.put', { namespace: 'team', key: TEAM.memoryKey, value: TEAM.memory });
  const lock = (await asA('lock.acquire', {
    resource: { kind: 'branch', name: 'a-branch' },
    reason: PRIVATE.lockReason,
  })) as { id: string };
  const plan = (await asA('plan.create', {
    name: PRIVATE.planName,
    steps: [{ id: 'only', task: PRIVATE.planTask, assignee: { agent: 'a' } }],
  })) as { id: string };
  await asA('memory.put', { namespace: `plan:${plan.id}`, key: 'notes', value: PRIVATE.planMemory });
  const { approval } = (await asA('approval.request', {
    kind: 'escalation',
    summary: PRIVATE.approvalSummary,
    payload: { command: PRIVATE.approvalPayload },
  })) as { approval: { id: string } };
  // A permission item: the human's (or a policy's) to decide, so no agent is shown it, a decider neither.
  const permission = (await asA('approval.request', {
    kind: 'permission',
    summary: PRIVATE.permissionSummary,
    payload: { command: PRIVATE.permissionCommand },
  })) as { approval: { id: string } };
  await asA('human.notify', { summary: 'done', details: PRIVATE.notice });
  await asA('health.heartbeat', { note: PRIVATE.heartbeat });
  await asA('health.reportHook', { event: 'PreToolUse', toolName: PRIVATE.hook });
  const manager = (await asA('manager.create', { name: PRIVATE.managerName, workers: [{ agent: 'a' }] })) as {
    id: string;
  };
  const barrier = (await asA('barrier.create', {
    name: PRIVATE.barrierName,
    parties: { agents: ['a'] },
  })) as {
    id: string;
  };
  const vote = (await asA('vote.propose', {
    question: PRIVATE.voteQuestion,
    options: ['yes', 'no'],
    voters: { agents: ['a'] },
  })) as { id: string };
  await asA('leader.campaign', { group: 'a-group' });
  await human('message.send', { to: { team: 'alpha' }, body: TEAM.message, typeIntoPane: 'never' });
  await asA('vote.propose', { question: TEAM.vote, options: ['yes', 'no'], voters: { team: 'alpha' } });
  await asA('pane.send', { targets: ['a'], submit: false, text: `echo ${PRIVATE.screen}` });
  await asA('pane.setAppearance', { target: 'a', title: PRIVATE.title });
  await asA('pane.setVariable', { target: 'a', name: 'note', value: PRIVATE.variable });
  const watch = (await asA('pane.watch', { target: 'a', pattern: PRIVATE.watchPattern })) as { id: string };
  const flow = (await asA('flow.create', {
    name: PRIVATE.flowName,
    description: PRIVATE.flowDescription,
    trigger: { on: 'message', to: 'a' },
    branches: [{ actions: [{ do: 'send', to: { agent: 'a' }, body: PRIVATE.flowDescription }] }],
  })) as { id: string };
  const { agents } = (await human('agent.list', {})) as { agents: { name: string; paneId: string }[] };
  return {
    world,
    a,
    b,
    c,
    byRole,
    seen,
    ids: {
      plan: plan.id,
      approval: approval.id,
      permission: permission.approval.id,
      watch: watch.id,
      flow: flow.id,
      pane: agents.find((agent) => agent.name === 'a')!.paneId,
      agent: a.id,
      message: sent.messageIds[0]!,
      lock: lock.id,
      manager: manager.id,
      barrier: barrier.id,
      vote: vote.id,
    },
  };
}

/** A's business after the other agent's probes: what its standing flows, watches and subscriptions may not copy out. */
/** A viewer of `VIEWERS` by its name there. */
export const viewerOf = (pw: PrivateWorld, name: string): Caller =>
  name === 'b' ? pw.b : name === 'c' ? pw.c : pw.byRole[name]!;

export async function aGoesOn({ world, ids, a }: PrivateWorld): Promise<void> {
  const asA = world.as(a);
  await world.human('message.send', { to: { agent: 'a' }, body: PRIVATE.messageIn, typeIntoPane: 'never' });
  await asA('message.send', { to: { human: true }, body: PRIVATE.messageOut });
  await asA('pane.send', { targets: ['a'], submit: false, text: `echo ${PRIVATE.screen} again` });
  await asA('plan.completeStep', { plan: ids.plan, step: 'only', output: PRIVATE.planOutput });
  await asA('human.notify', { summary: 'done again', details: PRIVATE.notice });
  // An orchestrator (a decider) may have decided A's item among its probes; then the person's comment never comes.
  await world
    .human('approval.decide', {
      decisions: [{ id: ids.approval, verdict: 'approve', comment: PRIVATE.decisionComment }],
    })
    .catch((error: unknown) => {
      if (!(error instanceof SwitchboardError && error.code === 'conflict')) throw error;
    });
  for (let turn = 0; turn < 5; turn++) await settle();
}

/** The markers found in a value (answers, errors, events). */
export function markersIn(value: unknown, markers: readonly string[]): string[] {
  const text = JSON.stringify(value ?? null);
  return markers.filter((marker) => text.includes(marker));
}
