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

/** The settings Claude Code loads with `--settings`: only Switchboard's hooks (the command carries no secret). */
export function claudeHookSettings(hookCommand: string): object {
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
  return { hooks };
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
  const args = ['--mcp-config', files.write('claude-mcp.json', claudeMcpConfig())];
  if (hookCommand)
    args.push('--settings', files.write('claude-settings.json', claudeHookSettings(hookCommand)));
  if (resumeSession) args.push('--resume', resumeSession);
  return args.map(shellQuote);
}
