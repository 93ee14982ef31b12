import { z } from 'zod';
import { Agent, AgentTask } from './agent';
import { LayoutPreset } from './layout';
import { Team } from './team';

/** Everything a client needs to draw the fleet; `sequence` is the last event already reflected in it. */
export const FleetSnapshot = z.object({
  agents: z.array(Agent),
  teams: z.array(Team),
  sequence: z.number().int().nonnegative(),
  /** The preset the fleet is laid out with. */
  preset: LayoutPreset.optional(),
  /** Each agent's current task, for the agents that have one. */
  tasks: z.array(AgentTask).optional(),
});
export type FleetSnapshot = z.infer<typeof FleetSnapshot>;
