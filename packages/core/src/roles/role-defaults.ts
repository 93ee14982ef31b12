import { readOnlyCommands, type RateLimit } from '@switchboard/protocol';
import { agentCommands } from './role-permissions';

/** A catalog row as stored (before its command globs are resolved against the contract). */
export interface RoleDefinition {
  name: string;
  description: string;
  /** Command names or globs; `agent.spawn` and `role.assign` are governed by the two flags instead. */
  commands: string[];
  mayMessage: string[];
  canSpawn: boolean;
  canChangeRoles: boolean;
  /** May type or press keys in another agent's pane (the permission `pane.write.others`). */
  canWriteOtherPanes: boolean;
  /** May read another agent's pane, or one no agent owns (the permission `pane.read.others`). */
  canReadOtherPanes: boolean;
  /** Remote hosts its agents may spawn agents on (`*`: any); absent or empty: this machine only. */
  hosts?: string[];
  rateLimit: RateLimit;
}

/** Every agent reports on itself: who am I, and its CLI's hooks telling its state. */
const SELF = ['agent.whoami', 'health.reportHook', 'health.heartbeat'];
/** Reading is harmless: every command the contract marks read-only that agents may call; plus the self-reports. */
const READ = [...new Set([...SELF, ...readOnlyCommands(agentCommands())])];
/** A worker reports on the plan steps it was given (plan.get and plan.list are reads). */
const STEP_REPORTS = ['plan.completeStep', 'plan.failStep'];
/** A worker takes part in coordination others set up: arrives at barriers, casts ballots, campaigns for a group's lead. */
const TAKE_PART = ['barrier.arrive', 'vote.cast', 'leader.campaign', 'leader.resign'];
/**
 * What every worker needs to coordinate: talk, ask, escalate, hold a lock, report its plan steps, take part in barriers, votes, elections,
 * and write the shared memory (which namespaces, the memory's own rules decide).
 */
const COORDINATE = [
  'message.*',
  'approval.request',
  'lock.*',
  'human.notify',
  'memory.*',
  ...STEP_REPORTS,
  ...TAKE_PART,
];
// `custom` is every agent spawned without a role: two of them must be able to talk.
const WORKER_PEERS = [
  'orchestrator',
  'manager',
  'devops',
  'builder',
  'debugger',
  'researcher',
  'tester',
  'custom',
];
/** Generous enough for a busy agent, tight enough to stop a runaway loop: 20 calls/s, bursts of 200. */
const NORMAL: RateLimit = { perMinute: 1200, burst: 200 };

/** The workers' one set of rights (builder, debugger, tester, custom; the researcher's commands are fewer): their pane, locks, messages to their peers. */
function worker(name: string, description: string): RoleDefinition {
  return {
    name,
    description,
    commands: [...READ, ...COORDINATE, 'pane.*'],
    mayMessage: WORKER_PEERS,
    canSpawn: false,
    canChangeRoles: false,
    canWriteOtherPanes: false,
    canReadOtherPanes: false,
    rateLimit: NORMAL,
  };
}

/**
 * The seed project's eight roles (iterm-mcp `DEFAULT_ROLE_CONFIGS`), recast as permissions on our
 * commands, plus `manager` (the seed's ManagerAgent: plans and delegation over a pool of workers). There they were advisory lists of shell commands; here they are checked on every call.
 * Written to the catalog on first start; the human edits them from there (role.update).
 */
export const DEFAULT_ROLES: readonly RoleDefinition[] = [
  {
    name: 'orchestrator',
    description: 'Plans and delegates: may call everything an agent may, spawn agents and change roles.',
    commands: ['*'],
    mayMessage: ['*'],
    canSpawn: true,
    canChangeRoles: true,
    canWriteOtherPanes: true,
    canReadOtherPanes: true,
    rateLimit: { perMinute: 3000, burst: 500 },
  },
  {
    name: 'manager',
    description:
      'Owns a pool of workers: creates and steers plans, delegates, watches its workers; no spawning, no role changes.',
    commands: [...READ, ...COORDINATE, 'plan.*', 'manager.*', 'barrier.*', 'vote.*', 'leader.*', 'flow.*'],
    mayMessage: ['*'],
    canSpawn: false,
    canChangeRoles: false,
    canWriteOtherPanes: false,
    canReadOtherPanes: true,
    rateLimit: { perMinute: 3000, burst: 500 },
  },
  {
    name: 'devops',
    description: 'Infrastructure and releases: panes, locks, messaging; may spawn helpers.',
    commands: [...READ, ...COORDINATE, 'pane.*', 'health.*'],
    mayMessage: ['*'],
    canSpawn: true,
    canChangeRoles: false,
    canWriteOtherPanes: false,
    canReadOtherPanes: false,
    rateLimit: NORMAL,
  },
  worker('builder', 'Writes code: its pane, file and branch locks, messages to its peers.'),
  worker('debugger', 'Investigates failures: like a builder.'),
  {
    ...worker('researcher', 'Reads and reports: no locks, no panes.'),
    commands: [
      ...READ,
      'message.*',
      'approval.request',
      'human.notify',
      'memory.*',
      ...STEP_REPORTS,
      ...TAKE_PART,
    ],
  },
  worker('tester', 'Runs tests: like a builder.'),
  {
    name: 'monitor',
    description: 'Watches the fleet: reads everything, raises escalations, messages the orchestrator only.',
    commands: [
      ...READ,
      'approval.request',
      'message.send',
      'human.notify',
      'health.*',
      'pane.watch',
      'pane.unwatch',
    ],
    mayMessage: ['orchestrator'],
    canSpawn: false,
    canChangeRoles: false,
    canWriteOtherPanes: false,
    canReadOtherPanes: true,
    rateLimit: NORMAL,
  },
  worker('custom', 'The default for an agent nobody gave a role: reads, messaging, approvals and locks.'),
];

/** The role an agent falls back to when its role is not in the catalog. */
export const FALLBACK_ROLE = 'custom';
