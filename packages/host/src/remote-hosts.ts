import type { Logger, RoutingBackend, TerminalBackend } from '@switchboard/core';
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
  tunnelPorts: TunnelPorts,
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
      tunnelPorts.set(
        host.name,
        backend.reverseTunnels.map((tunnel) => tunnel.remotePort),
      );
      return backend;
    } catch (error) {
      throw new SwitchboardError(
        'unavailable',
        `Host "${host.name}" (${host.url}) could not be reached: ${(error as Error).message}`,
      );
    }
  };
}

/**
 * The loopback ports of the remote hosts' reverse tunnels, by host: a reconnection replaces its host's ports and a
 * removed host's go with it, so the Host-header check accepts only live tunnels and the set never grows with
 * add/remove/reconnect cycles (it kept every port it ever saw).
 */
export class TunnelPorts implements Iterable<number> {
  private readonly byHost = new Map<string, readonly number[]>();

  set(host: string, ports: readonly number[]): void {
    this.byHost.set(host.toLowerCase(), ports);
  }

  forget(host: string): void {
    this.byHost.delete(host.toLowerCase());
  }

  *[Symbol.iterator](): Iterator<number> {
    for (const ports of this.byHost.values()) yield* ports;
  }
}

/** A removed host: its connection closed (the routing backend forgets it) and its tunnel's ports no longer accepted. */
export async function forgetRemoteHost(backend: RoutingBackend, tunnelPorts: TunnelPorts, name: string) {
  tunnelPorts.forget(name);
  await backend.forget(name);
}
