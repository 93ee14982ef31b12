import type { Logger, TerminalBackend } from '@switchboard/core';
import { SwitchboardError, parseSshUrl, type Host } from '@switchboard/protocol';
import type { TmuxBackendOptions } from '@switchboard/tmux-bridge';

/** tmux settings for every remote host; `ssh` adds to what the host's URL gives (tests: the test sshd's key). */
export type RemoteTmuxOptions = Omit<TmuxBackendOptions, 'ssh'> & {
  ssh?: Omit<NonNullable<TmuxBackendOptions['ssh']>, 'destination' | 'port'>;
};

export interface RemoteHostAccess {
  /** Looks a registered host up; every call needs the registry's current view. */
  listHosts: () => Promise<Host[]>;
  /** This host's port on 127.0.0.1 (resolves once it listens): where each host's reverse tunnel leads. */
  localPort: () => Promise<number>;
  tmux?: RemoteTmuxOptions;
  /** Where each host's backend logs a listener of its events that throws. */
  logger?: Logger;
}

/**
 * How the routing backend reaches a registered host: tmux in control mode over one ssh connection to the
 * host's `ssh://user@host:port` (the user's ssh config and agent; BatchMode, so never a password prompt),
 * carrying a reverse tunnel from a port ssh picks on that machine's loopback to this host's port: agents
 * there reach the MCP endpoint as `http://127.0.0.1:PORT` (docs/remote.md). `tunnelPorts` collects those
 * ports, which the Host-header check accepts.
 */
export function connectRemoteHost(
  { listHosts, localPort, tmux = {}, logger }: RemoteHostAccess,
  tunnelPorts: Set<number>,
): (name: string) => Promise<TerminalBackend> {
  return async (name) => {
    const host = (await listHosts()).find((h) => h.name.toLowerCase() === name.toLowerCase());
    const target = host && parseSshUrl(host.url);
    if (!host || !target)
      throw new SwitchboardError('not_found', `No host "${name}"`, {
        hint: 'switchboard host list shows the registered hosts; switchboard host add NAME ssh://user@host adds one.',
      });
    try {
      // tmux's package is imported when a remote host is first used (backend-factory.ts: likewise for the local one).
      const { TmuxBackend } = await import('@switchboard/tmux-bridge');
      const backend = await TmuxBackend.connect({
        ...tmux,
        ...(logger ? { logger } : {}),
        ssh: {
          ...tmux.ssh,
          destination: `${target.user}@${target.hostname}`,
          port: target.port,
          reverseTunnels: [{ remotePort: 0, localPort: await localPort() }],
        },
      });
      for (const tunnel of backend.reverseTunnels) tunnelPorts.add(tunnel.remotePort);
      return backend;
    } catch (error) {
      throw new SwitchboardError(
        'unavailable',
        `Host "${host.name}" (${host.url}) could not be reached: ${(error as Error).message}`,
      );
    }
  };
}
