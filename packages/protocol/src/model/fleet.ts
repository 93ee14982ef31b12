import { z } from 'zod';
import { Agent } from './agent';
import { Team } from './team';

/** Everything a client needs to draw the fleet; `sequence` is the last event already reflected in it. */
export const FleetSnapshot = z.object({
  agents: z.array(Agent),
  teams: z.array(Team),
  sequence: z.number().int().nonnegative(),
});
export type FleetSnapshot = z.infer<typeof FleetSnapshot>;
