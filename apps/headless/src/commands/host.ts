import { callHostTool } from '@switchboard/mcp-server/clients';
import { MCP_PATH, commands, type Host } from '@switchboard/protocol';
import { runningHost } from './running-host';

export type HostAction =
  { kind: 'add'; name: string; url: string } | { kind: 'list' } | { kind: 'remove'; name: string };

const line = (host: Host) => `${host.name}\t${host.url}\n`;

/**
 * `switchboard host add NAME ssh://user@host[:port] | list | remove NAME`: the running host's registry of remote
 * machines (`host.*`, human-only; the URL is checked by the contract, a bad one is refused and nothing stored).
 */
export async function runHost(
  dataDir: string,
  action: HostAction,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const host = runningHost(dataDir);
  const call = (tool: string, input: Record<string, unknown>) =>
    callHostTool(`${host.url}${MCP_PATH}`, host.token, tool, input);
  if (action.kind === 'add') {
    const added = commands['host.add'].output.parse(
      await call('host_add', { name: action.name, url: action.url }),
    );
    out.write(`added ${line(added)}`);
  } else if (action.kind === 'remove') {
    const removed = commands['host.remove'].output.parse(await call('host_remove', { name: action.name }));
    out.write(`removed ${removed.name}\n`);
  } else {
    const { hosts } = commands['host.list'].output.parse(await call('host_list', {}));
    if (hosts.length === 0)
      out.write('No remote hosts; add one with `switchboard host add NAME ssh://user@host`.\n');
    for (const entry of hosts) out.write(line(entry));
  }
}
