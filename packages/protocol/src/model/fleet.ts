import { z } from 'zod';
import { Agent, AgentTask } from './agent';
import { Id } from './ids';
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
  /**
   * The names of agents closed before, the newest 1,000 (FORMER_NAMES_KEPT) by close time, oldest first: a page opened
   * after a close still names the closed agent's messages, audit and memory entries, locks and flows (most records
   * carry only the id), marked "(closed)" and told apart from a new agent of the same name. Until session 27 only
   * a page that watched the close knew them.
   */
  formerNames: z
    .array(z.object({ id: Id, name: z.string() }))
    .max(1000)
    .optional(),
});
export type FleetSnapshot = z.infer<typeof FleetSnapshot>;
