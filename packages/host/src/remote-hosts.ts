import type { TerminalBackend } from '@switchboard/core';
import { SwitchboardError, parseSshUrl, type Host } from '@switchboard/protocol';
import { TmuxBackend, type TmuxBackendOptions } from '@switchboard/tmux-bridge';

/** tmux settings for every remote host; `ssh` adds to what the host's URL gives (tests: the test sshd's key). */
export type RemoteTmuxOptions = Omit<TmuxBackendOptions, 'ssh'> & {
  ssh?: Omit<NonNullable<TmuxBackendOptions['ssh']>, 'destination' | 'port'>;
};

/**
 * How the routing backend reaches a registered host: tmux in control mode over one ssh connection to the
 * host's `ssh://user@host:port` (the user's ssh config and agent; BatchMode, so never a password prompt).
 */
export function connectRemoteHost(
  listHosts: () => Promise<Host[]>,
  tmux: RemoteTmuxOptions = {},
): (name: string) => Promise<TerminalBackend> {
  return async (name) => {
    const host = (await listHosts()).find((h) => h.name.toLowerCase() === name.toLowerCase());
    const target = host && parseSshUrl(host.url);
    if (!host || !target)
      throw new SwitchboardError('not_found', `No host "${name}"`, {
        hint: 'switchboard host list shows the registered hosts; switchboard host add NAME ssh://user@host adds one.',
      });
    try {
      return await TmuxBackend.connect({
        ...tmux,
        ssh: { ...tmux.ssh, destination: `${target.user}@${target.hostname}`, port: target.port },
      });
    } catch (error) {
      throw new SwitchboardError(
        'unavailable',
        `Host "${host.name}" (${host.url}) could not be reached: ${(error as Error).message}`,
      );
    }
  };
}
