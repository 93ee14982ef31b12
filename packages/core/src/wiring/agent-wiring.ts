import type { Agent } from '@switchboard/protocol';
import { agentCommandLine } from '../fleet/agent-command';
import { realCommandLine, type AgentPrivateFiles, type AgentPrivateSettings } from '../fleet/agent-private-files';
import type { AgentSecretsFiles } from '../fleet/agent-secrets';
import { claudeArguments } from './claude-wiring';
import type { CliSessions } from './cli-sessions';
import { codexArguments } from './codex-wiring';
import { geminiEnvironment } from './gemini-wiring';
import { WiringFiles } from './wiring-files';

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
}

/**
 * Zero-touch wiring: what each CLI kind gets at launch so it reaches the MCP endpoint as itself and
 * reports its hooks, with nothing written into its working tree. Claude Code: `--mcp-config` and
 * `--settings` files in the agent's data folder; Codex: `-c` overrides; Gemini CLI: its own settings
 * file through GEMINI_CLI_SYSTEM_SETTINGS_PATH; shells and custom commands: SWITCHBOARD_URL/TOKEN only.
 * Tokens always arrive through the launcher's environment, so the files survive restarts.
 */
export class AgentWiring {
  constructor(private readonly deps: AgentWiringDeps) {}

  /** The command line a launch runs, writing the agent's wiring files as needed. */
  plan(launch: AgentLaunch): LaunchPlan {
    const { agent } = launch;
    const base = agentCommandLine(agent.kind, agent.command);
    if (base === null) return { command: null, resumedSession: undefined };
    const files = new WiringFiles(this.deps.dataDir, agent.id);
    switch (agent.kind) {
      case 'claude': {
        const session = launch.resume ? this.deps.sessions.sessionOf(agent.id) : undefined;
        return { command: [base, ...claudeArguments(files, this.deps.hookCommand, session)].join(' '), resumedSession: session };
      }
      case 'codex':
        return { command: [base, ...codexArguments()].join(' '), resumedSession: undefined };
      case 'gemini':
        return { command: base, resumedSession: undefined, env: geminiEnvironment(files) };
      default:
        return { command: base, resumedSession: undefined };
    }
  }

  /** Writes the launcher's 0600 launch file for this launch and returns the pane's command line and the plan. */
  write(launch: AgentLaunch): { paneCommand: string; plan: LaunchPlan } {
    const plan = this.plan(launch);
    // The stored command is redacted: the launcher gets the real one back, and the spawn's env.
    const settings = this.deps.privates.load(launch.agent.id);
    const command = realCommandLine(plan.command, launch.agent.command, settings);
    const paneCommand = this.deps.secrets.write({ agentId: launch.agent.id, url: launch.url, token: launch.token, command, cwd: launch.agent.cwd, env: { ...settings?.env, ...plan.env } });
    return { paneCommand, plan };
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
