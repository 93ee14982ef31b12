import { spawn } from 'node:child_process';
import { startHost, type BackendKind } from '@switchboard/host';
import { bindApi, humanCaller } from '@switchboard/protocol';
import { geminiSettingsNote } from '../gemini-settings-note';
import { codexNotifyCommand, hookCommand, uiDistDir } from '../paths';

export interface StartOptions {
  port: number;
  dataDir: string;
  backend: BackendKind;
  iterm2Socket?: string;
  tmuxSocket?: string;
  open: boolean;
  /** Record panes (`--recordings on|off|styles`); absent: the host's default (on, or $SWITCHBOARD_RECORDINGS). */
  recordings?: 'on' | 'off' | 'styles';
  /** Start the demo fleet once the host is up. */
  demo?: boolean;
}

/** `switchboard start`: runs the host until interrupted and prints where to reach it. */
export async function runStart(
  options: StartOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const host = await startHost({
    dataDir: options.dataDir,
    port: options.port,
    backend: options.backend,
    uiDir: uiDistDir,
    claudeHookCommand: hookCommand,
    codexNotifyCommand,
    ...(options.recordings === undefined
      ? {}
      : { recordings: { enabled: options.recordings !== 'off', styles: options.recordings === 'styles' } }),
    ...(options.iterm2Socket ? { iterm2Socket: options.iterm2Socket } : {}),
    ...(options.tmuxSocket ? { tmuxSocket: options.tmuxSocket } : {}),
  });
  // The token is printed for the person at the terminal (like Jupyter); it is never written to a log.
  out.write(`Switchboard is running (backend: ${host.backendKind}, data: ${options.dataDir})\n`);
  if (!host.recording) out.write('Recordings: off (no pane output is kept for search, replay or export)\n');
  const geminiNote = geminiSettingsNote(options.dataDir);
  if (geminiNote) out.write(`${geminiNote}\n`);
  out.write(`UI:  ${host.uiUrl}\n`);
  out.write(`MCP: ${host.mcpUrl}\n`);
  if (host.backendKind === 'tmux')
    out.write(
      `Panes: tmux ${options.tmuxSocket ? `-S ${options.tmuxSocket}` : '-L switchboard'} attach -t switchboard\n`,
    );
  if (options.demo) {
    const demo = await bindApi(host.orchestrator, humanCaller).call('fleet.demo', {});
    out.write(
      `Demo fleet: ${[...demo.agents.spawned, ...demo.agents.existing].join(', ')} (close them from the UI when done).\n`,
    );
  }
  out.write('Press Ctrl+C to stop.\n');
  if (options.open) openInBrowser(host.uiUrl);

  const stop = async () => {
    await host.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function openInBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
