import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RemoteMachine } from '../ports/terminal-backend';
import { isSimpleCommand } from './simple-command';

/** Absolute path of the launcher every agent pane runs (POSIX sh, no build step). Lazy: some test environments load core under a non-file URL. */
export function launcherPath(): string {
  const url = new URL('../../launcher/launch-agent.sh', import.meta.url);
  return url.protocol === 'file:' ? fileURLToPath(url) : decodeURIComponent(url.pathname);
}

/** The first line of every launch file: the launcher refuses a file without it. */
export const LAUNCH_FILE_HEADER = '# switchboard launch v1';

/** What the launcher reads: the agent's identity, the host URL, its token and what to run. */
export interface AgentSecrets {
  agentId: string;
  url: string;
  token: string;
  command: string | null;
  cwd: string | null;
  /** Extra environment for the agent's CLI (`agent.spawn` `env`); SWITCHBOARD_* always win. */
  env?: Record<string, string>;
}

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The launch file's text: shell assignments the launcher evaluates, every value single-quoted, so no
 * value can run anything. The spawn's environment first, Switchboard's own variables last (they win).
 * A simple command line is run with `exec`, so the CLI takes the shell's place (dash does not do it
 * by itself): the pane's only process is then the CLI.
 */
export function launchScript(secrets: AgentSecrets): string {
  const extra = Object.entries(secrets.env ?? {}).filter(
    ([name]) => ENV_NAME.test(name) && !name.toUpperCase().startsWith('SWITCHBOARD_'),
  );
  const command =
    secrets.command && isSimpleCommand(secrets.command) ? `exec ${secrets.command}` : (secrets.command ?? '');
  return (
    [
      LAUNCH_FILE_HEADER,
      `SWITCHBOARD_LAUNCH_COMMAND=${shellQuote(command)}`,
      `SWITCHBOARD_LAUNCH_CWD=${shellQuote(secrets.cwd ?? '')}`,
      ...extra.map(([name, value]) => `export ${name}=${shellQuote(value)}`),
      `export SWITCHBOARD_URL=${shellQuote(secrets.url)}`,
      `export SWITCHBOARD_AGENT=${shellQuote(secrets.agentId)}`,
      `export SWITCHBOARD_TOKEN=${shellQuote(secrets.token)}`,
    ].join('\n') + '\n'
  );
}

/**
 * Agent launch files: `<dataDir>/agents/<agentId>.launch`, mode 0600 in a 0700 folder. The launcher
 * deletes its file once read; core deletes any left over when the agent closes or restarts.
 */
export class AgentSecretsFiles {
  /** `launcher`: the launcher script's absolute path (the packaged desktop app's copy in its Resources); default the repository's. */
  constructor(
    private readonly dataDir: string,
    private readonly launcher: string = launcherPath(),
  ) {}

  private get folder(): string {
    return join(this.dataDir, 'agents');
  }

  pathFor(agentId: string): string {
    return join(this.folder, `${agentId}.launch`);
  }

  /** Writes the launch file (replacing any older one) and returns the pane's command line, which holds no secret. */
  write(secrets: AgentSecrets): string {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    chmodSync(this.folder, 0o700);
    const path = this.pathFor(secrets.agentId);
    rmSync(path, { force: true });
    writeFileSync(path, launchScript(secrets), { mode: 0o600, flag: 'wx' });
    return ['/bin/sh', this.launcher, path].map(shellQuote).join(' ');
  }

  /**
   * The same on a remote machine: the launcher script and the launch file are written to its data folder
   * over the host's connection (0600 in 0700 folders; the token travels in the file, never in a command
   * line), and the pane's command line names them there. No Node is needed there: the launcher is POSIX sh.
   */
  async writeOn(machine: RemoteMachine, secrets: AgentSecrets): Promise<string> {
    const launcher = posix.join(machine.dataDir, 'launch-agent.sh');
    const launchFile = posix.join(machine.dataDir, 'agents', `${secrets.agentId}.launch`);
    await machine.writePrivateFile(launcher, readFileSync(this.launcher, 'utf8'));
    await machine.writePrivateFile(launchFile, launchScript(secrets));
    return ['/bin/sh', launcher, launchFile].map(shellQuote).join(' ');
  }

  remove(agentId: string): void {
    rmSync(this.pathFor(agentId), { force: true });
  }
}
