import { callHostTool } from '@switchboard/mcp-server/clients';
import { MCP_PATH, commands } from '@switchboard/protocol';
import { runningHost } from './running-host';

export interface RestoreOptions {
  dataDir: string;
  /** Start fresh conversations instead of resuming each agent's own. */
  fresh: boolean;
  /** Also the agents whose program ended (`exited`, no pane left); by default they stay as they are. */
  includeExited?: boolean;
}

/**
 * `switchboard restore`: after iTerm2 quit or a reboot, every `lost` agent of the running host is started again
 * at its place, resuming its own conversation (`fleet.restore`); an agent whose program ended (`exited`) only with
 * `includeExited`. Exits non-zero when one could not be restored.
 */
export async function runRestore(
  options: RestoreOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  const host = runningHost(options.dataDir);
  const raw = await callHostTool(`${host.url}${MCP_PATH}`, host.token, 'fleet_restore', {
    resume: !options.fresh,
    includeExited: options.includeExited ?? false,
  });
  const result = commands['fleet.restore'].output.parse(raw);
  if (result.restored.length === 0 && result.failed.length === 0)
    out.write(
      options.includeExited
        ? 'No lost or exited agents: nothing to restore.\n'
        : 'No lost agents: nothing to restore.\n',
    );
  if (result.restored.length > 0) out.write(`restored: ${result.restored.map((a) => a.name).join(', ')}\n`);
  for (const failure of result.failed) out.write(`not restored: ${failure.name}: ${failure.message}\n`);
  return result.failed.length === 0;
}
