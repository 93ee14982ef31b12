import { z } from 'zod';
import { AgentRef, Id, Name, Timestamp } from './ids';
import { AgentState } from './agent';
import { RoleName } from './message';

/**
 * How a manager picks a worker (the seed's five): `round_robin` (next in pool order after the last pick),
 * `role_based` (the first idle worker whose role matches, else the first match), `least_busy` (fewest
 * running plan steps, then the lightest real state: idle, waiting for input, working), `priority` (the
 * highest worker priority, then least busy), `random` (seeded: the same seed gives the same picks).
 * Every strategy picks only among available workers that match the requested role and capabilities.
 */
export const DelegationStrategy = z.enum(['round_robin', 'role_based', 'least_busy', 'priority', 'random']);
export type DelegationStrategy = z.infer<typeof DelegationStrategy>;

export const Capability = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "-", "_"');

export const ManagerWorkerInput = z.strictObject({
  agent: AgentRef,
  role: RoleName.optional().describe("the worker's role in this pool (default: the agent's own role)"),
  priority: z.number().int().min(0).max(100).default(0),
  capabilities: z.array(Capability).max(32).default([]),
});

export const ManagerWorker = z.object({
  agentId: Id,
  role: RoleName.nullable(),
  priority: z.number().int(),
  capabilities: z.array(z.string()),
});
export type ManagerWorker = z.infer<typeof ManagerWorker>;

/** An agent (or the human) owning a pool of workers, with a strategy for picking one. */
export const Manager = z.object({
  id: Id,
  name: Name,
  /** Agent id, or `human`. */
  ownerId: z.string(),
  strategy: DelegationStrategy,
  seed: z.number().int(),
  workers: z.array(ManagerWorker),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Manager = z.infer<typeof Manager>;

/** A worker as its manager sees it: real state and the plan steps it is running now. */
export const WorkerStatus = z.object({
  agentId: Id,
  name: z.string(),
  role: z.string(),
  state: AgentState,
  available: z.boolean(),
  runningSteps: z.array(z.object({ planId: Id, stepId: z.string() })),
});
export type WorkerStatus = z.infer<typeof WorkerStatus>;
