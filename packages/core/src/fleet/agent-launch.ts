import { SwitchboardError } from '@switchboard/protocol';
import type { Agent } from '@switchboard/protocol';
import type { RemoteMachine } from '../ports/terminal-backend';
import type { FleetDeps } from './fleet-service';

type LaunchDeps = Pick<FleetDeps, 'backend' | 'wiring' | 'hostUrl'>;

/**
 * Writes one launch of an agent where its pane will run and returns the pane's command line: this
 * machine's data folder, or for an agent on a remote host that machine's (docs/remote.md), with
 * SWITCHBOARD_URL the reverse tunnel there. Each launch carries the agent's own fresh token.
 */
export async function writeAgentLaunch(
  deps: LaunchDeps,
  agent: Agent,
  token: string,
  resume: boolean,
): Promise<string> {
  if (agent.host === undefined)
    return deps.wiring.write({ agent, url: deps.hostUrl(), token, resume }).paneCommand;
  const machine = await machineOf(deps, agent.host);
  const launch = { agent, url: machine.hostUrl(), token, resume };
  return (await deps.wiring.writeRemote(launch, machine)).paneCommand;
}

/** Removes what a launch left (a launch file the launcher did not consume, the wiring files), wherever the agent runs. */
export async function removeAgentLaunch(deps: LaunchDeps, agent: Pick<Agent, 'id' | 'host'>): Promise<void> {
  deps.wiring.remove(agent.id);
  if (agent.host !== undefined) await deps.wiring.removeRemote(agent.id, await machineOf(deps, agent.host));
}

export function machineOf(deps: Pick<FleetDeps, 'backend'>, host: string): Promise<RemoteMachine> {
  if (!deps.backend.machineOf)
    return Promise.reject(
      new SwitchboardError('unavailable', `This terminal backend cannot run agents on host "${host}"`),
    );
  return deps.backend.machineOf(host);
}
