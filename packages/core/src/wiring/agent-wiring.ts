import type { Agent } from '@switchboard/protocol';
import { agentCommandLine } from '../fleet/agent-command';
import {
  realCommandLine,
  type AgentPrivateFiles,
  type AgentPrivateSettings,
} from '../fleet/agent-private-files';
import type { AgentSecrets, AgentSecretsFiles } from '../fleet/agent-secrets';
import { claudeArguments } from './claude-wiring';
import type { CliSessions } from './cli-sessions';
import { codexArguments, codexResumeLine } from './codex-wiring';
import { geminiHome, newGeminiSessionId } from './gemini-sessions';
import {
  geminiEnvironment,
  geminiSession,
  geminiStartsConversation,
  remoteGeminiSystemSettings,
} from './gemini-wiring';
import { CollectedWiringFiles, WiringFiles, type WiringFileWriter } from './wiring-files';
import { remoteHookCommands } from './remote-hook';
import { posix } from 'node:path';
import type { RemoteMachine } from '../ports/terminal-backend';

/** One launch of an agent's CLI: who, where the host is, the fresh token, and whether to resume its conversation. */
export interface AgentLaunch {
  agent: Pick<Agent, 'id' | 'kind' | 'command' | 'cwd'>;
  url: string;
  token: string;
  /** Resume the conversation Switchboard recorded for this agent (where the CLI can). */
  resume?: boolean;
}

/** What a launch ran: the command line (no secret in it), the session it resumed, if any, and the CLI's own extra environment. */
export interface LaunchPlan {
  command: string | null;
  resumedSession: string | undefined;
  env?: Record<string, string>;
}

export interface AgentWiringDeps {
  dataDir: string;
  secrets: AgentSecretsFiles;
  /** Each agent's spawn-time environment and real command line (0600 files, never SQLite). */
  privates: AgentPrivateFiles;
  sessions: CliSessions;
  /** The command Claude Code hooks run (`node …/switchboard.js hook`); no hooks without it. */
  hookCommand?: string | undefined;
  /** Codex's notify program as argv (`node …/switchboard.js hook --codex`): how its thread id reaches the host. */
  codexNotifyCommand?: readonly string[] | undefined;
  /** Gemini CLI's session ids for new conversations (tests pass fixed ones). */
  newSessionId?: () => string;
}

/**
 * Zero-touch wiring: what each CLI kind gets at launch so it reaches the MCP endpoint as itself and
 * reports its hooks, with nothing written into its working tree. Claude Code: `--mcp-config` and
 * `--settings` files in the agent's data folder; Codex: `-c` overrides; Gemini CLI: its own settings
 * file through GEMINI_CLI_SYSTEM_SETTINGS_PATH; shells and custom commands: SWITCHBOARD_URL/TOKEN only.
 * A resuming launch continues the agent's own conversation: Claude Code `--resume`, Codex `resume`,
 * Gemini CLI `--resume` (Gemini's session id is chosen here at each fresh start with `--session-id`).
 * Tokens always arrive through the launcher's environment, so the files survive restarts.
 */
export class AgentWiring {
  constructor(private readonly deps: AgentWiringDeps) {}

  /** The command line a launch runs (from the stored command line), writing the agent's wiring files as needed. */
  plan(launch: AgentLaunch): LaunchPlan {
    return this.build(launch, agentCommandLine(launch.agent.kind, launch.agent.command));
  }

  /**
   * The conversation a resuming launch of this agent would continue: the one its CLI reported (Claude
   * Code's hooks, Codex's notify), or for Gemini CLI the id Switchboard chose, if Gemini CLI can resume it.
   */
  resumableSession(agent: Pick<Agent, 'id' | 'kind'>): string | undefined {
    const recorded = this.deps.sessions.sessionOf(agent.id);
    if (agent.kind === 'claude' || agent.kind === 'codex') return recorded;
    if (agent.kind !== 'gemini' || recorded === undefined) return undefined;
    return geminiSession(recorded, true, geminiHome(this.deps.privates.load(agent.id)?.env), () => '').resumed
      ? recorded
      : undefined;
  }

  /**
   * `remote`: the agent's files for a remote machine (default: this machine's agent folder). There the hooks
   * (Claude Code's, Codex's notify) run Switchboard's `sh` + `curl` relay written beside them, not this
   * machine's `switchboard` CLI, which is not there (remote-hook.ts).
   */
  private build(launch: AgentLaunch, base: string | null, remote?: CollectedWiringFiles): LaunchPlan {
    const { agent } = launch;
    if (base === null) return { command: null, resumedSession: undefined };
    const files: WiringFileWriter = remote ?? new WiringFiles(this.deps.dataDir, agent.id);
    const relay =
      remote && (agent.kind === 'claude' || agent.kind === 'codex') ? remoteHookCommands(remote) : undefined;
    const recorded = launch.resume ? this.deps.sessions.sessionOf(agent.id) : undefined;
    switch (agent.kind) {
      case 'claude':
        return {
          command: [
            base,
            ...claudeArguments(files, relay ? relay.claude : this.deps.hookCommand, recorded),
          ].join(' '),
          resumedSession: recorded,
        };
      case 'codex': {
        const { line, resumed } = codexResumeLine(
          [base, ...codexArguments(relay ? relay.codex : this.deps.codexNotifyCommand)].join(' '),
          recorded,
        );
        return { command: line, resumedSession: resumed ? recorded : undefined };
      }
      case 'gemini': {
        // On a remote machine, that machine's system settings; here, this one's.
        const env = () =>
          remote ? geminiEnvironment(files, remote.geminiSystemSettings) : geminiEnvironment(files);
        if (!geminiStartsConversation(base)) return { command: base, resumedSession: undefined, env: env() };
        const home = geminiHome(this.deps.privates.load(agent.id)?.env);
        const session = geminiSession(
          this.deps.sessions.sessionOf(agent.id),
          launch.resume ?? false,
          home,
          this.deps.newSessionId ?? newGeminiSessionId,
        );
        // Chosen here, so recorded now: the next restart resumes this agent's conversation and no other.
        if (!session.resumed) this.deps.sessions.record(agent.id, session.session);
        return {
          command: [base, ...session.args].join(' '),
          resumedSession: session.resumed ? session.session : undefined,
          env: env(),
        };
      }
      default:
        return { command: base, resumedSession: undefined };
    }
  }

  /** Writes the launcher's 0600 launch file for this launch; returns the pane's command line and the conversation it resumes. */
  write(launch: AgentLaunch): { paneCommand: string; resumedSession: string | undefined } {
    const { plan, secrets } = this.secretsOf(launch);
    // The plan's line may hold the real (private) command: only the launcher file gets it.
    return { paneCommand: this.deps.secrets.write(secrets), resumedSession: plan.resumedSession };
  }

  /**
   * The same launch for an agent on a remote machine (docs/remote.md): the launcher, its launch file and the
   * wiring files are written there, in `<machine data folder>/agents/`, over the host's connection; `launch.url`
   * is this host as seen from there (the reverse tunnel).
   */
  async writeRemote(
    launch: AgentLaunch,
    machine: RemoteMachine,
  ): Promise<{ paneCommand: string; resumedSession: string | undefined }> {
    const files = new CollectedWiringFiles(
      posix.join(machine.dataDir, 'agents', launch.agent.id),
      launch.agent.kind === 'gemini' ? await remoteGeminiSystemSettings(machine) : null,
    );
    const { plan, secrets } = this.secretsOf(launch, files);
    for (const [path, content] of files.files) await machine.writePrivateFile(path, content);
    const paneCommand = await this.deps.secrets.writeOn(machine, secrets);
    return { paneCommand, resumedSession: plan.resumedSession };
  }

  /** The launch's plan, and the launcher's secrets for it (the stored command is redacted: the launcher gets the real one back, and the spawn's env). */
  private secretsOf(
    launch: AgentLaunch,
    remoteFiles?: CollectedWiringFiles,
  ): { plan: LaunchPlan; secrets: AgentSecrets } {
    const settings = this.deps.privates.load(launch.agent.id);
    const stored = agentCommandLine(launch.agent.kind, launch.agent.command);
    const line = realCommandLine(stored, launch.agent.command, settings);
    const plan = this.build(launch, line, remoteFiles);
    const secrets: AgentSecrets = {
      agentId: launch.agent.id,
      url: launch.url,
      token: launch.token,
      command: plan.command,
      cwd: launch.agent.cwd,
      env: { ...settings?.env, ...plan.env },
    };
    return { plan, secrets };
  }

  /** Removes the agent's launcher and wiring files on a remote machine (it closed, or its launch failed there). */
  async removeRemote(agentId: string, machine: RemoteMachine): Promise<void> {
    await machine.remove(posix.join(machine.dataDir, 'agents', agentId));
    await machine.remove(posix.join(machine.dataDir, 'agents', `${agentId}.launch`));
  }

  /** Removes the agent's launcher file and wiring folder (the agent closed, or its launch failed). */
  remove(agentId: string): void {
    this.deps.secrets.remove(agentId);
    new WiringFiles(this.deps.dataDir, agentId).remove();
  }

  /** Keeps an agent's env and real command line (if anything in them is private) for all its launches. */
  keepPrivate(agentId: string, settings: AgentPrivateSettings, storedCommand: string | null): void {
    this.deps.privates.save(agentId, settings, storedCommand);
  }

  privateOf(agentId: string): AgentPrivateSettings | undefined {
    return this.deps.privates.load(agentId);
  }

  /** Forgets the agent entirely: files, private settings and its recorded conversation. */
  forget(agentId: string): void {
    this.remove(agentId);
    this.deps.privates.remove(agentId);
    this.deps.sessions.forget(agentId);
  }
}
