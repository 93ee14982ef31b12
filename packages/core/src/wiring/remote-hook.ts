import { MAX_HOOK_INPUT_BYTES } from '@switchboard/protocol';
import { shellQuote, type CollectedWiringFiles } from './wiring-files';

/** The relay's file name in the agent's folder on the remote machine. */
export const REMOTE_HOOK_FILE = 'switchboard-hook.sh';

/**
 * Switchboard's hook relay for an agent on a machine without Switchboard (docs/remote.md): POSIX `sh` and
 * `curl` only. It posts the hook's JSON — Claude Code's on stdin, Codex's notify payload after `--codex` —
 * to the host's `/hook` through the tunnel, as the agent (SWITCHBOARD_URL and SWITCHBOARD_TOKEN, from the
 * launcher). The token reaches curl in a 0600 config file, never on a command line (`ps` there would show
 * it). It prints nothing and always succeeds: a hook must never hold the agent up (3 s at most).
 */
export const REMOTE_HOOK_SCRIPT = `#!/bin/sh
# Switchboard's hook relay (written by Switchboard; docs/remote.md). Prints nothing, always succeeds.
[ -n "$SWITCHBOARD_URL" ] && [ -n "$SWITCHBOARD_TOKEN" ] || exit 0
umask 077
dir=$(mktemp -d 2>/dev/null) || exit 0
trap 'rm -rf "$dir"' EXIT
printf 'header = "Authorization: Bearer %s"\\n' "$SWITCHBOARD_TOKEN" >"$dir/config"
if [ "$1" = --codex ]; then
  path=/hook/codex
  printf '%s' "$2" | head -c ${MAX_HOOK_INPUT_BYTES} >"$dir/body"
else
  path=/hook
  head -c ${MAX_HOOK_INPUT_BYTES} >"$dir/body"
fi
curl -s -m 3 -o /dev/null -K "$dir/config" -H 'Content-Type: application/json' \\
  --data-binary @"$dir/body" "$SWITCHBOARD_URL$path" >/dev/null 2>&1
exit 0
`;

/**
 * Writes the relay among the agent's files for that machine; the commands that run it there: Claude Code's
 * hook command line and Codex's notify argv (absolute paths on that machine).
 */
export function remoteHookCommands(files: CollectedWiringFiles): { claude: string; codex: string[] } {
  const path = files.writeText(REMOTE_HOOK_FILE, REMOTE_HOOK_SCRIPT);
  return { claude: `/bin/sh ${shellQuote(path)}`, codex: ['/bin/sh', path, '--codex'] };
}
