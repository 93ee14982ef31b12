import { randomInt, randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type {
  Caller,
  CommandOutput,
  Manager,
  ManagerWorker,
  ParsedInput,
  Plan,
  PlanSpec,
  StepAssignee,
  WorkerStatus,
} from '@switchboard/protocol';
import type { EventBus } from '../events/event-bus';
import { isoTime, type Clock } from '../ports/clock';
import type { Store } from '../store/store';
import { isAvailable, type AssigneePicker, type FleetView, type Pick } from '../plans/plan-assignees';
import { ManagerRepository, type ManagerRecord } from './manager-repository';
import { choose, type Candidate } from './strategies';
import { assertRoomToHold, defaultHoldingLimits, type HoldingLimits } from '../quotas/holding-limits';

export interface ManagerDeps {
  store: Store;
  bus: EventBus;
  clock: Clock;
  fleet: FleetView;
  /** The plan steps each agent is running now. */
  runningSteps(): Map<string, { planId: string; stepId: string }[]>;
  /** Creates a plan (delegation is a one-step plan); bound after the plan service exists. */
  createPlan(caller: Caller, spec: PlanSpec): Plan;
  /** How many managers one agent may own (`managers`). */
  holdings?: HoldingLimits;
}

type WorkerInput = ParsedInput<'manager.create'>['workers'][number];
type ManagerRule = Extract<StepAssignee, { manager: string }>;

/**
 * Managers: an agent (or the human) owning a pool of workers and a strategy. They pick workers for plan
 * steps assigned `{manager}` and for `manager.delegate`; picks read the workers' real state and running
 * steps, and the strategy's memory (round-robin cursor, random generator) is stored, so a restart keeps it.
 */
export class ManagerService implements AssigneePicker {
  private readonly repository: ManagerRepository;

  constructor(private readonly deps: ManagerDeps) {
    this.repository = new ManagerRepository(deps.store);
  }

  create(caller: Caller, input: ParsedInput<'manager.create'>): Manager {
    if (this.repository.find(input.name))
      throw new SwitchboardError('conflict', `A manager named "${input.name}" exists`);
    assertRoomToHold(caller, 'managers', this.deps.holdings ?? defaultHoldingLimits, () =>
      this.repository.countOwnedBy(caller.id),
    );
    const now = isoTime(this.deps.clock);
    const seed = input.seed ?? randomInt(2 ** 31 - 1);
    const record: ManagerRecord = {
      id: `manager-${randomUUID()}`,
      name: input.name,
      ownerId: caller.id,
      strategy: input.strategy,
      seed,
      workers: this.workersOf(input.workers),
      createdAt: now,
      updatedAt: now,
      memory: { cursor: -1, rng: seed },
    };
    this.deps.store.transaction(() => this.repository.save(record));
    const manager = toManager(record);
    this.deps.bus.emit({ type: 'manager.created', manager });
    return manager;
  }

  list(caller: Caller): Manager[] {
    return this.repository
      .list()
      .filter((m) => this.maysee(caller, m))
      .map(toManager);
  }

  status(caller: Caller, ref: string): CommandOutput<'manager.status'> {
    const manager = this.visible(caller, ref);
    const running = this.deps.runningSteps();
    const workers = manager.workers.flatMap((w): WorkerStatus[] => {
      const agent = this.deps.fleet.findAgent(w.agentId);
      if (!agent) return [];
      return [
        {
          agentId: agent.id,
          name: agent.name,
          role: w.role ?? agent.role,
          state: agent.state,
          available: isAvailable(agent.state),
          runningSteps: running.get(agent.id) ?? [],
        },
      ];
    });
    return { manager: toManager(manager), workers };
  }

  update(caller: Caller, input: ParsedInput<'manager.update'>): Manager {
    const manager = this.owned(caller, input.manager);
    const removed = new Set(input.removeWorkers.map((ref) => this.deps.fleet.findAgent(ref)?.id ?? ref));
    const added = this.workersOf(input.addWorkers);
    const kept = manager.workers
      .filter((w) => !removed.has(w.agentId))
      .map((w) => added.find((a) => a.agentId === w.agentId) ?? w);
    const fresh = added.filter((a) => !kept.some((w) => w.agentId === a.agentId));
    const record: ManagerRecord = {
      ...manager,
      strategy: input.strategy ?? manager.strategy,
      workers: [...kept, ...fresh],
      updatedAt: isoTime(this.deps.clock),
    };
    this.deps.store.transaction(() => this.repository.save(record));
    const updated = toManager(record);
    // Workers taken out still hear that they were (the event's audience is the old pool too).
    this.deps.bus.emit({
      type: 'manager.updated',
      manager: {
        ...updated,
        workers: [...updated.workers, ...manager.workers.filter((w) => removed.has(w.agentId))],
      },
    });
    return updated;
  }

  delete(caller: Caller, ref: string): { managerId: string } {
    const manager = this.owned(caller, ref);
    this.deps.store.transaction(() => this.repository.delete(manager.id));
    this.deps.bus.emit({
      type: 'manager.deleted',
      managerId: manager.id,
      ownerId: manager.ownerId,
      workerIds: manager.workers.map((w) => w.agentId),
    });
    return { managerId: manager.id };
  }

  /** One task to the pool, as a one-step plan the caller owns. */
  delegate(caller: Caller, input: ParsedInput<'manager.delegate'>): Plan {
    const manager = this.owned(caller, input.manager);
    const { manager: _ref, role, capabilities, ...step } = input;
    const assignee: ManagerRule = {
      manager: manager.id,
      ...(role ? { role } : {}),
      ...(capabilities ? { capabilities } : {}),
    };
    return this.deps.createPlan(caller, {
      name: `${manager.name.slice(0, 58)}-task`,
      stopOnFailure: true,
      steps: [{ ...step, id: 'task', assignee, dependsOn: [] }],
    });
  }

  /**
   * For plan.create: an unknown manager, or one the plan's creator does not own — told alike, as manager.status
   * tells it (another's manager named by its id would give away its name).
   */
  problem(rule: StepAssignee, creatorId?: string): string | undefined {
    if (!('manager' in rule)) return undefined;
    const manager = this.repository.find(rule.manager);
    const theirs =
      manager && creatorId !== undefined && creatorId !== 'human' && creatorId !== manager.ownerId;
    return !manager || theirs ? `no manager "${rule.manager}"` : undefined;
  }

  pick(rule: StepAssignee, busy: ReadonlyMap<string, number>): Pick {
    if (!('manager' in rule)) return { waiting: 'not a manager rule' };
    const manager = this.repository.find(rule.manager);
    if (!manager) return { waiting: `no manager "${rule.manager}"` };
    const candidates = manager.workers.flatMap((worker, position): Candidate[] => {
      const agent = this.deps.fleet.findAgent(worker.agentId);
      if (!agent || !isAvailable(agent.state)) return [];
      const role = worker.role ?? agent.role;
      if (rule.role !== undefined && role !== rule.role) return [];
      if (rule.capabilities?.some((c) => !worker.capabilities.includes(c))) return [];
      return [
        {
          agentId: agent.id,
          position,
          state: agent.state,
          role,
          priority: worker.priority,
          running: busy.get(agent.id) ?? 0,
        },
      ];
    });
    if (candidates.length === 0)
      return { waiting: `no available worker of manager "${manager.name}"${describeNeeds(rule)}` };
    const { agentId, memory } = choose(manager.strategy, candidates, manager.memory);
    if (memory.cursor !== manager.memory.cursor || memory.rng !== manager.memory.rng)
      this.repository.remember(manager.id, memory);
    return { agentId };
  }

  private workersOf(inputs: readonly WorkerInput[]): ManagerWorker[] {
    const unknown = inputs.filter((w) => !this.deps.fleet.findAgent(w.agent)).map((w) => w.agent);
    if (unknown.length)
      throw new SwitchboardError('invalid_input', `No such agents: ${unknown.join(', ')}`, {
        details: { unknown },
      });
    const workers = inputs.map((w): ManagerWorker => ({
      agentId: this.deps.fleet.findAgent(w.agent)!.id,
      role: w.role ?? null,
      priority: w.priority,
      capabilities: [...new Set(w.capabilities)],
    }));
    return workers.filter((w, i) => workers.findIndex((x) => x.agentId === w.agentId) === i);
  }

  private maysee(caller: Caller, manager: Manager): boolean {
    return (
      caller.kind === 'human' ||
      manager.ownerId === caller.id ||
      manager.workers.some((w) => w.agentId === caller.id)
    );
  }

  private visible(caller: Caller, ref: string): ManagerRecord {
    const manager = this.repository.find(ref);
    if (!manager || !this.maysee(caller, manager))
      throw new SwitchboardError('not_found', `No manager "${ref}"`, {
        hint: 'manager.list shows the managers you may see.',
      });
    return manager;
  }

  private owned(caller: Caller, ref: string): ManagerRecord {
    const manager = this.visible(caller, ref);
    if (caller.kind !== 'human' && manager.ownerId !== caller.id) {
      throw new SwitchboardError('forbidden', `Manager "${manager.name}" belongs to someone else`, {
        details: { missing: 'manager_owner' },
      });
    }
    return manager;
  }
}

function describeNeeds(rule: ManagerRule): string {
  const needs = [
    rule.role ? `role "${rule.role}"` : '',
    rule.capabilities?.length ? `capabilities ${rule.capabilities.join(', ')}` : '',
  ].filter(Boolean);
  return needs.length ? ` with ${needs.join(' and ')}` : '';
}

function toManager({ memory: _memory, ...manager }: ManagerRecord): Manager {
  return manager;
}
