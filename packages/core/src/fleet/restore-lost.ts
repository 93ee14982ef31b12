import type { Agent } from '@switchboard/protocol';
import type { FleetService } from './fleet-service';

export interface RestoreResult {
  restored: Agent[];
  failed: { agentId: string; name: string; message: string }[];
}

/**
 * `fleet.restore`: every `lost` agent started again at its place in its team's layout (after iTerm2 quit or a
 * reboot), one after another through the fleet's queue as `agent.restart` would, resuming its own conversation
 * where its CLI can. A failure is reported and the others go on.
 */
export async function restoreLost(
  fleet: Pick<FleetService, 'listAgents' | 'restart'>,
  resume = true,
): Promise<RestoreResult> {
  const result: RestoreResult = { restored: [], failed: [] };
  for (const agent of fleet.listAgents().filter((a) => a.state === 'lost')) {
    try {
      result.restored.push(await fleet.restart(agent.id, resume));
    } catch (error) {
      result.failed.push({
        agentId: agent.id,
        name: agent.name,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}
