import {
  agentFor,
  approvalFor,
  approvalShown,
  healthFor,
  lockFor,
  messageConcerns,
  recoveryEntryFor,
  recoveryStatusFor,
  transitionFor,
  type ViewerRights,
} from '../audience/public-facts';
import type { CommandName, CommandOutput } from './index';

/** What a command acts on: the resource named in audit entries and in the security docs' table. */
export type CommandResource =
  | 'fleet'
  | 'agent'
  | 'token'
  | 'team'
  | 'layout'
  | 'message'
  | 'health'
  | 'pane'
  | 'notification'
  | 'approval'
  | 'policy'
  | 'lock'
  | 'role'
  | 'audit'
  | 'attention'
  | 'recovery'
  | 'plan'
  | 'manager'
  | 'template'
  | 'barrier'
  | 'vote'
  | 'leader'
  | 'memory'
  | 'recording'
  | 'flow'
  | 'host'
  | 'retention';

/**
 * How a call is audited. `call`: one entry per successful call, written by core's dispatcher (input
 * redacted); `domain`: the domain writes its own entries inside the transaction of the change; `none`:
 * reads and frequent self-reports, which change nothing anyone relies on.
 */
export type AuditMode = 'call' | 'domain' | 'none';

/** How an agent's role grants an agent-callable command: its command globs, or one of the role's two flags. */
export type AgentGrant = 'role' | 'canSpawn' | 'canChangeRoles';

/**
 * Who may see a command's output. `human`: only the human may call it. `caller`: the output is the
 * caller's own (its inbox, its record, what it just made). `public`: facts any agent may know (names,
 * teams, roles, states, screens it may read). `{ agent }`: narrowed for an agent caller to what concerns
 * it plus other agents' public facts; the function gets the output, the viewing agent's id and what its role lets
 * it see beyond that (`ViewerRights`: a decider sees the items it may decide).
 */
export type OutputAudience<O> =
  | 'human'
  | 'caller'
  | 'public'
  | { readonly agent: (output: O, viewerId: string, rights: ViewerRights) => O };

export interface CommandMetadata<O = unknown> {
  /** Changes nothing: safe to retry, and granted by the built-in roles' "read" set. */
  readonly readOnly: boolean;
  readonly audit: AuditMode;
  readonly resource: CommandResource;
  /** For agent-callable commands: what in a role grants it (default `role`: the role's command globs). */
  readonly grant?: AgentGrant;
  readonly output: OutputAudience<O>;
  /** Top-level input fields whose values are never logged (the audit keeps only their keys). */
  readonly secretInput?: readonly string[];
  /** The output is a credential handed to the human on purpose: it is not redacted on its way out. */
  readonly credentialOutput?: true;
  /**
   * The output carries an encoded archive whose contents core redacted before packing it: redacting the
   * encoding on its way out would only corrupt it (a base64 run can look like `token=…`).
   */
  readonly encodedOutput?: true;
}

type MetadataTable = { readonly [N in CommandName]: CommandMetadata<CommandOutput<N>> };

type Plain = 'caller' | 'public';
const read = <A extends Plain = 'public'>(resource: CommandResource, output: A = 'public' as A) =>
  ({ readOnly: true, audit: 'none', resource, output }) as const;
const change = <A extends Plain = 'caller'>(resource: CommandResource, output: A = 'caller' as A) =>
  ({ readOnly: false, audit: 'call', resource, output }) as const;
const humanRead = (resource: CommandResource) =>
  ({ readOnly: true, audit: 'none', resource, output: 'human' }) as const;
const humanChange = (resource: CommandResource) =>
  ({ readOnly: false, audit: 'call', resource, output: 'human' }) as const;

/**
 * Every command's policy facts, in one table: read-only or not, how it is audited, what it touches,
 * how a role grants it and who may see its output. Core's roles, audit and output filter and the MCP
 * tool list read them from here; a new command does not compile until it has a row.
 */
export const commandMetadata: MetadataTable = {
  'fleet.snapshot': humanRead('fleet'),
  'agent.spawn': { ...change('agent'), grant: 'canSpawn', secretInput: ['env'] },
  'agent.adopt': humanChange('agent'),
  'agent.list': {
    ...read('agent'),
    output: {
      agent: (output, viewer) => ({
        ...output,
        agents: output.agents.map((agent) => agentFor(viewer, agent)),
      }),
    },
  },
  'agent.close': humanChange('agent'),
  'agent.restart': humanChange('agent'),
  'agent.decideTask': humanChange('agent'),
  'agent.continueTurn': humanChange('agent'),
  'fleet.restore': humanChange('fleet'),
  'agent.rename': humanChange('agent'),
  'agent.move': humanChange('agent'),
  'agent.whoami': read('agent', 'caller'),
  'agent.issueToken': { ...humanChange('token'), credentialOutput: true },
  'agent.revokeTokens': humanChange('token'),
  'team.create': humanChange('team'),
  'team.rename': humanChange('team'),
  'team.delete': humanChange('team'),
  'team.move': humanChange('team'),
  'layout.get': read('layout'),
  'layout.preview': humanRead('layout'),
  'layout.apply': humanChange('layout'),
  'layout.save': humanChange('layout'),
  'layout.restore': humanChange('layout'),
  'layout.list': humanRead('layout'),
  'layout.delete': humanChange('layout'),
  // send, receive and ack: audited by messaging inside the change's own transaction (one commit per call),
  // with the entry a `call` audit writes.
  'message.send': { ...change('message'), audit: 'domain' },
  'message.receive': {
    ...change('message'),
    audit: 'domain',
    output: {
      agent: (output, viewer) => ({
        ...output,
        messages: output.messages.filter((m) => messageConcerns(m, viewer)),
      }),
    },
  },
  'message.peek': {
    ...read('message'),
    output: {
      agent: (output, viewer) => ({
        ...output,
        messages: output.messages.filter((m) => messageConcerns(m, viewer)),
      }),
    },
  },
  'message.ack': { ...change('message'), audit: 'domain' },
  'message.status': read('message'),
  'message.history': humanRead('message'),
  'message.flow': humanRead('message'),
  'message.decide': humanChange('message'),
  'message.setPaneInput': humanChange('message'),
  'health.get': { ...read('health'), output: { agent: (output, viewer) => healthFor(viewer, output) } },
  'health.history': {
    ...read('health'),
    output: {
      agent: (output, viewer) => ({
        ...output,
        current: healthFor(viewer, output.current),
        transitions: output.transitions.map((t) => transitionFor(output.agentId === viewer, t)),
      }),
    },
  },
  'health.reportHook': { readOnly: false, audit: 'none', resource: 'health', output: 'caller' },
  'health.heartbeat': { readOnly: false, audit: 'none', resource: 'health', output: 'caller' },
  'health.pause': humanChange('recovery'),
  'health.resume': humanChange('recovery'),
  'pane.list': read('pane'),
  'pane.read': read('pane'),
  'pane.send': change('pane'),
  'pane.keys': change('pane'),
  'pane.focus': change('pane'),
  'pane.setAppearance': change('pane'),
  'pane.getVariable': read('pane'),
  'pane.setVariable': change('pane'),
  'pane.waitFor': read('pane'),
  'pane.watch': change('pane'),
  'pane.unwatch': change('pane'),
  'pane.watches': read('pane', 'caller'),
  'pane.mirror': { readOnly: true, audit: 'none', resource: 'pane', output: 'human' },
  'pane.unmirror': { readOnly: true, audit: 'none', resource: 'pane', output: 'human' },
  'human.notify': change('notification'),
  'approval.request': { ...change('approval'), audit: 'domain' },
  'approval.wait': {
    ...read('approval'),
    output: {
      agent: (output, viewer, rights) => ({
        ...output,
        approval: approvalFor(viewer, output.approval, rights),
      }),
    },
  },
  'approval.decide': {
    ...change('approval'),
    audit: 'domain',
    output: {
      agent: (output, viewer, rights) => ({
        approvals: output.approvals.map((a) => approvalFor(viewer, a, rights)),
      }),
    },
  },
  'approval.list': {
    ...read('approval'),
    output: {
      agent: (output, viewer, rights) => ({
        approvals: output.approvals.filter((a) => approvalShown(a, viewer, rights)),
      }),
    },
  },
  'approval.history': {
    ...read('approval'),
    output: {
      agent: (output, viewer, rights) => ({
        approvals: output.approvals.filter((a) => approvalShown(a, viewer, rights)),
      }),
    },
  },
  'policy.list': read('policy'),
  'policy.add': humanChange('policy'),
  'policy.update': humanChange('policy'),
  'policy.remove': humanChange('policy'),
  'lock.acquire': { ...change('lock'), audit: 'domain' },
  'lock.renew': { ...change('lock'), audit: 'domain' },
  'lock.release': { ...change('lock'), audit: 'domain' },
  'lock.list': {
    ...read('lock'),
    output: { agent: (output, viewer) => ({ locks: output.locks.map((lock) => lockFor(viewer, lock)) }) },
  },
  'lock.request': {
    ...change('lock'),
    audit: 'domain',
    output: {
      agent: (output, viewer, rights) => ({
        ...output,
        lock: output.lock && lockFor(viewer, output.lock),
        approval: output.approval && approvalFor(viewer, output.approval, rights),
      }),
    },
  },
  'role.list': read('role'),
  'role.update': humanChange('role'),
  'role.remove': humanChange('role'),
  'role.assign': {
    ...change('role'),
    grant: 'canChangeRoles',
    output: { agent: (output, viewer) => agentFor(viewer, output) },
  },
  'audit.list': humanRead('audit'),
  'audit.verify': humanRead('audit'),
  'attention.list': humanRead('attention'),
  'attention.dismiss': humanChange('attention'),
  'attention.goTo': humanChange('attention'),
  'attention.setDoNotDisturb': humanChange('attention'),
  'attention.muteTeam': humanChange('attention'),
  'recovery.status': {
    ...read('recovery'),
    output: {
      agent: (output, viewer) => ({
        ...output,
        agents: output.agents.map((s) => recoveryStatusFor(viewer, s)),
      }),
    },
  },
  'recovery.log': {
    ...read('recovery'),
    output: {
      agent: (output, viewer) => ({ entries: output.entries.map((e) => recoveryEntryFor(viewer, e)) }),
    },
  },
  'recovery.policy': humanRead('recovery'),
  'recovery.configure': humanChange('recovery'),
  'recovery.reset': humanChange('recovery'),
  'retention.get': humanRead('retention'),
  'retention.configure': humanChange('retention'),
  'retention.sweep': humanChange('retention'),
  'terminal.configure': humanChange('pane'),
  'terminal.status': humanRead('pane'),
  'template.save': humanChange('template'),
  'template.list': humanRead('template'),
  'template.delete': humanChange('template'),
  'template.spawn': humanChange('agent'),
  'fleet.apply': humanChange('fleet'),
  'fleet.demo': humanChange('fleet'),
  'pane.listUnmanaged': humanRead('pane'),
  'terminal.getFocus': humanRead('pane'),
  'broadcast.list': humanRead('pane'),
  'broadcast.create': humanChange('pane'),
  'broadcast.remove': humanChange('pane'),
  'folder.listRecent': humanRead('agent'),
  'plan.create': change('plan'),
  'plan.get': read('plan', 'caller'),
  'plan.list': read('plan', 'caller'),
  'plan.pause': change('plan'),
  'plan.resume': change('plan'),
  'plan.cancel': change('plan'),
  'plan.retryStep': change('plan'),
  'plan.reassignStep': change('plan'),
  'plan.completeStep': change('plan'),
  'plan.failStep': change('plan'),
  'manager.create': change('manager'),
  'manager.list': read('manager', 'caller'),
  'manager.status': read('manager', 'caller'),
  'manager.update': change('manager'),
  'manager.delete': change('manager'),
  'manager.delegate': change('manager'),
  'flow.create': change('flow'),
  'flow.update': change('flow'),
  'flow.remove': change('flow'),
  'flow.list': read('flow', 'caller'),
  'flow.firings': read('flow', 'caller'),
  'flow.enable': change('flow'),
  'flow.disable': change('flow'),
  'flow.dryRun': read('flow', 'caller'),
  'barrier.create': change('barrier'),
  'barrier.arrive': change('barrier'),
  'barrier.get': read('barrier', 'caller'),
  'barrier.list': read('barrier', 'caller'),
  'barrier.cancel': change('barrier'),
  'vote.propose': change('vote'),
  'vote.cast': change('vote'),
  'vote.get': read('vote', 'caller'),
  'vote.list': read('vote', 'caller'),
  'leader.campaign': change('leader'),
  'leader.resign': change('leader'),
  'leader.get': read('leader'),
  'leader.list': read('leader'),
  // Memory outputs hold only what the caller may read (core checks each namespace); the audit keeps a put's key, not its value.
  'memory.put': { ...change('memory'), secretInput: ['value'] },
  'memory.get': read('memory', 'caller'),
  'memory.search': read('memory', 'caller'),
  'memory.list': read('memory', 'caller'),
  'memory.delete': change('memory'),
  'quota.usage': read('agent', 'caller'),
  'fleet.search': humanRead('fleet'),
  'recording.list': humanRead('recording'),
  'recording.frames': humanRead('recording'),
  'recording.timeline': humanRead('recording'),
  'recording.export': humanRead('recording'),
  // An export of the fleet's record is a privileged act: audited, though it changes nothing.
  'recording.bundle': { ...humanRead('recording'), audit: 'call', encodedOutput: true },
  'host.add': humanChange('host'),
  'host.list': humanRead('host'),
  'host.remove': humanChange('host'),
};

/** The commands that change nothing, in contract order. */
export function readOnlyCommands(names: readonly CommandName[]): CommandName[] {
  return names.filter((name) => commandMetadata[name].readOnly);
}

/** How an agent's role grants the command (`role` unless one of the role's flags does). */
export function agentGrantOf(name: CommandName): AgentGrant {
  return commandMetadata[name].grant ?? 'role';
}
