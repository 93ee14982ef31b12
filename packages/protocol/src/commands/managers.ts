import { z } from 'zod';
import { AgentRef, Id, Name } from '../model/ids';
import { Capability, DelegationStrategy, Manager, ManagerWorkerInput, WorkerStatus } from '../model/manager';
import { RoleName } from '../model/message';
import { Plan, PlanStepSpec } from '../model/plan';
import { defineCommand } from './define';

const ManagerRef = AgentRef.describe('manager name or id');

export const managerCommands = {
  'manager.create': defineCommand({
    description:
      'Create a manager you own: a pool of workers (agents) and a strategy (round_robin, role_based, least_busy, priority, random) for picking one.',
    input: z.strictObject({
      name: Name,
      strategy: DelegationStrategy.default('least_busy'),
      workers: z.array(ManagerWorkerInput).max(200).default([]),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .optional()
        .describe('for `random`: the same seed gives the same picks'),
    }),
    output: Manager,
    callers: ['human', 'agent'],
  }),
  'manager.list': defineCommand({
    description: 'Managers (an agent sees the ones it owns or works in).',
    input: z.strictObject({}),
    output: z.object({ managers: z.array(Manager) }),
    callers: ['human', 'agent'],
  }),
  'manager.status': defineCommand({
    description:
      "A manager's workers as they are now: real state, availability and the plan steps each is running.",
    input: z.strictObject({ manager: ManagerRef }),
    output: z.object({ manager: Manager, workers: z.array(WorkerStatus) }),
    callers: ['human', 'agent'],
  }),
  'manager.update': defineCommand({
    description:
      'Change the strategy, add workers (or update them) and remove workers. The owner or the human.',
    input: z.strictObject({
      manager: ManagerRef,
      strategy: DelegationStrategy.optional(),
      addWorkers: z.array(ManagerWorkerInput).max(200).default([]),
      removeWorkers: z.array(AgentRef).max(200).default([]),
    }),
    output: Manager,
    callers: ['human', 'agent'],
  }),
  'manager.delete': defineCommand({
    description:
      'Delete a manager (its workers are not touched; plan steps assigned to it wait until reassigned).',
    input: z.strictObject({ manager: ManagerRef }),
    output: z.object({ managerId: Id }),
    callers: ['human', 'agent'],
  }),
  'manager.delegate': defineCommand({
    description:
      'Hand one task to the pool: the strategy picks a worker (matching `role` and `capabilities`), which gets an `instruction`; ' +
      'it runs as a one-step plan (timeout, retries, validation, approval as in plan.create), so progress is plan.get.',
    input: PlanStepSpec.omit({ id: true, assignee: true, dependsOn: true }).extend({
      manager: ManagerRef,
      role: RoleName.optional(),
      capabilities: z.array(Capability).max(32).optional(),
    }),
    output: Plan,
    callers: ['human', 'agent'],
  }),
} as const;
