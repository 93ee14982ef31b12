import type { WiringFileWriter } from './wiring-files';
import { MCP_SERVER_NAME, mcpUrlReference, shellQuote } from './wiring-files';

/** Hook events Switchboard asks Claude Code to report; tool events take a matcher. SessionStart carries the session id resumes use. */
const HOOK_EVENTS: { event: string; matcher?: string }[] = [
  { event: 'SessionStart' },
  { event: 'UserPromptSubmit' },
  { event: 'PreToolUse', matcher: '*' },
  { event: 'PostToolUse', matcher: '*' },
  { event: 'Notification' },
  { event: 'Stop' },
];

/**
 * Claude Code's MCP configuration for one agent. Claude Code expands `${VAR}` in it from its own
 * environment, which the launcher fills: the file holds no secret and stays valid across restarts.
 */
export function claudeMcpConfig(): object {
  return {
    mcpServers: {
      [MCP_SERVER_NAME]: {
        type: 'http',
        url: mcpUrlReference('${SWITCHBOARD_URL}'),
        headers: { Authorization: 'Bearer ${SWITCHBOARD_TOKEN}' },
      },
    },
  };
}

/**
 * Claude Code's permission rule for every tool of Switchboard's MCP server. Without it, a Claude Code in its
 * default permission mode stopped at a "Do you want to proceed? 1. Yes 2. No" prompt (no "always" choice for an
 * MCP tool) before each Switchboard call, `agent_whoami` and `message_receive` included, so every message,
 * handoff and lock waited for a person to answer a prompt first. Switchboard's own roles gate these calls
 * (docs/approvals-locks-roles.md), and a person's own `deny` rules still win over an `allow`.
 */
export const CLAUDE_SWITCHBOARD_TOOLS = `mcp__${MCP_SERVER_NAME}`;

/**
 * The settings Claude Code loads with `--settings`: Switchboard's tools allowed, and Switchboard's hooks when
 * there is a hook command (the command carries no secret).
 */
export function claudeSettings(hookCommand: string | undefined): object {
  const permissions = { allow: [CLAUDE_SWITCHBOARD_TOOLS] };
  if (hookCommand === undefined) return { permissions };
  const hooks: Record<
    string,
    { matcher?: string; hooks: { type: 'command'; command: string; timeout: number }[] }[]
  > = {};
  for (const { event, matcher } of HOOK_EVENTS) {
    hooks[event] = [
      {
        ...(matcher === undefined ? {} : { matcher }),
        hooks: [{ type: 'command', command: hookCommand, timeout: 10 }],
      },
    ];
  }
  return { permissions, hooks };
}

/**
 * Claude Code's arguments for one agent: its own MCP config and hook settings (files in the agent's
 * data folder, never in the working tree, which other agents share), and `--resume` with the session
 * Switchboard recorded for this agent when asked to resume.
 */
export function claudeArguments(
  files: WiringFileWriter,
  hookCommand: string | undefined,
  resumeSession: string | undefined,
): string[] {
  const args = [
    '--mcp-config',
    files.write('claude-mcp.json', claudeMcpConfig()),
    '--settings',
    files.write('claude-settings.json', claudeSettings(hookCommand)),
  ];
  if (resumeSession) args.push('--resume', resumeSession);
  return args.map(shellQuote);
}
