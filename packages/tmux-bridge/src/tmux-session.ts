import { ControlClient } from './control-client';
import { sshArgv, type TmuxBackendOptions } from './tmux-options';
import { REMAIN_ON_EXIT_HOOKS, remainOnExit } from './pane-deaths';
import { quote } from './tmux-quote';

/** Starts a control-mode client on the server the options name (starting the server and the session when needed). */
export function attachControlClient(
  options: TmuxBackendOptions & { session: string },
  keeperName: string,
): Promise<ControlClient> {
  const serverArgs = options.socketPath
    ? ['-S', options.socketPath]
    : ['-L', options.socketName ?? 'switchboard'];
  return ControlClient.start({
    tmux: options.tmux,
    serverArgs,
    session: options.session,
    keeper: 'exec sleep 2147483647',
    keeperName,
    logger: options.logger,
    ...(options.ssh ? { via: sshArgv(options.ssh) } : {}),
  });
}

/**
 * Reverse tunnels asked with remote port 0 get the port ssh allocated, kept in the returned options so a
 * reconnect binds the same port again (agents there keep the URL they were started with).
 */
export async function fixTunnelPorts<T extends TmuxBackendOptions>(
  control: ControlClient,
  options: T,
): Promise<T> {
  const tunnels = options.ssh?.reverseTunnels;
  if (!options.ssh || !tunnels?.some((t) => t.remotePort === 0)) return options;
  const fixed = await Promise.all(
    tunnels.map(async (t) =>
      t.remotePort === 0 ? { ...t, remotePort: await control.allocatedPort(t.localPort) } : t,
    ),
  );
  return { ...options, ssh: { ...options.ssh, reverseTunnels: fixed } };
}

/**
 * Sets the session up for Switchboard: the client's and new windows' size, history, stable window
 * numbers, a subscription named `activitySubscription` to the session's activity time, and the
 * `deathSubscription` spec (pane-deaths.ts).
 */
export async function configureSession(
  control: ControlClient,
  options: TmuxBackendOptions & { session: string },
  activitySubscription: string,
  deathSubscription: string,
): Promise<void> {
  const columns = options.columns ?? 200;
  const rows = options.rows ?? 50;
  const target = quote(options.session);
  await clientCommand(control, `refresh-client -C ${columns}x${rows}`);
  await control.run(`set-option -t ${target} default-size ${columns}x${rows}`);
  await control.run(`set-option -t ${target} history-limit ${options.historyLimit ?? 10_000}`);
  await control.run(`set-option -t ${target} renumber-windows off`);
  await clientCommand(control, `refresh-client -B ${quote(`${activitySubscription}::#{session_activity}`)}`);
  await clientCommand(control, `refresh-client -B ${quote(deathSubscription)}`);
  for (const hook of REMAIN_ON_EXIT_HOOKS) await control.run(`set-hook -t ${target} ${hook}`);
  // Windows opened before the hooks were set (by a Switchboard before them, say) keep their dead panes too.
  for (const window of await control.run(`list-windows -t ${target} -F "#{window_id}"`))
    await control.run(remainOnExit(window));
}

/**
 * A command about this control client. tmux can answer a first command before the new client is its
 * "current client" (seen under load: `refresh-client: no current client`); such a reply is retried
 * for up to a second, anything else fails at once.
 */
async function clientCommand(control: ControlClient, command: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await control.run(command);
      return;
    } catch (error) {
      if (attempt >= 40 || !/no current client/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
