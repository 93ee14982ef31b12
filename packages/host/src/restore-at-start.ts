import type { Logger, Orchestrator } from '@switchboard/core';
import type { Agent } from '@switchboard/protocol';

/**
 * The embedded iTerm2-API server (backend `sim`) runs inside the host, so its panes end with the host however it
 * ends (Ctrl+C, a crash, SIGKILL). The agents whose panes went with the last run — `lost` at this start's
 * re-binding — are started again at their places, each resuming its own conversation, with no step by the person:
 * what a terminal that outlives the host (iTerm2, tmux) gives by re-binding. Agents lost before this start (a pane
 * closed by hand, a restore the person did not want) and agents whose program ended stay as they are.
 */
export async function restoreWhatTheHostTookDown(
  orchestrator: Orchestrator,
  startedAt: number,
  log: Logger,
): Promise<void> {
  await orchestrator.ready;
  const lostAtThisStart = (agent: Agent) =>
    agent.state === 'lost' && Date.parse(agent.stateSince) >= startedAt;
  if (!orchestrator.fleet.repository.listAgents().some(lostAtThisStart)) return;
  try {
    const { restored, failed } = await orchestrator.fleet.restoreLost(true, false, lostAtThisStart);
    log.log(
      failed.length > 0 ? 'warn' : 'info',
      'agents restored at start: their panes ended with the last run',
      {
        restored: restored.map((agent) => agent.name),
        failed,
      },
    );
  } catch (error) {
    // The host closing while it restores: the agents stay `lost`, restorable from Manage or `switchboard restore`.
    log.log('warn', 'agents not restored at start', { err: error });
  }
}
