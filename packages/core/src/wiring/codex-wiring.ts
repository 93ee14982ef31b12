import { CODEX_STARTUP_TIMEOUT_SEC } from '@switchboard/protocol';
import { MCP_SERVER_NAME, mcpUrlReference, shellQuote } from './wiring-files';

/**
 * Codex's arguments for one agent: `-c` overrides (Codex parses each value as TOML) that add a
 * Streamable HTTP server whose bearer token Codex reads from SWITCHBOARD_TOKEN. The URL is expanded
 * by the launcher's shell from SWITCHBOARD_URL, so nothing is written anywhere and no token is on a
 * command line. With a notify command, Codex runs it after every turn with a JSON payload naming its
 * thread (`thread-id`): the conversation a restart resumes (`codex resume <id>`).
 */
export function codexArguments(notifyCommand?: readonly string[]): string[] {
  const key = `mcp_servers.${MCP_SERVER_NAME}`;
  const args = [
    '-c',
    `"${key}.url=\\"${mcpUrlReference('$SWITCHBOARD_URL')}\\""`,
    '-c',
    `'${key}.bearer_token_env_var="SWITCHBOARD_TOKEN"'`,
    // Codex gives a server 10 s to start and then goes on without its tools; a host answering late on a
    // loaded machine must not leave the agent off Switchboard (seen in cli-resume at load ~21).
    '-c',
    `${key}.startup_timeout_sec=${CODEX_STARTUP_TIMEOUT_SEC}`,
  ];
  // A TOML array of basic strings (JSON's string escapes are TOML's), one shell word.
  if (notifyCommand && notifyCommand.length > 0)
    args.push('-c', shellQuote(`notify=[${notifyCommand.map((word) => JSON.stringify(word)).join(',')}]`));
  return args;
}

/**
 * Codex's command line resuming a recorded thread: `codex resume <id> <options…>`. Only when the line
 * starts with the `codex` program followed by options (or nothing): a line running a subcommand
 * (`codex exec …`) or something else first is left alone, and starts a fresh conversation.
 */
export function codexResumeLine(
  line: string,
  session: string | undefined,
): { line: string; resumed: boolean } {
  const match = /^(\S+)(\s+-.*|\s*)$/s.exec(line);
  if (session === undefined || !match || !/(^|\/)codex$/.test(match[1]!)) return { line, resumed: false };
  return { line: `${match[1]} resume ${shellQuote(session)}${match[2]}`, resumed: true };
}
