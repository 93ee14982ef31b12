import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Hook events Switchboard installs; tool events take a matcher. */
const HOOK_EVENTS: { event: string; matcher?: string }[] = [
  { event: 'UserPromptSubmit' },
  { event: 'PreToolUse', matcher: '*' },
  { event: 'PostToolUse', matcher: '*' },
  { event: 'Notification' },
  { event: 'Stop' },
];

interface HookEntry { type: string; command: string; timeout?: number }
interface MatcherGroup { matcher?: string; hooks: HookEntry[] }
type Settings = Record<string, unknown> & { hooks?: Record<string, MatcherGroup[]> };

/** Where an agent's hooks go: the project-local Claude Code settings of its working folder (never committed). */
export const claudeSettingsPath = (cwd: string) => join(cwd, '.claude', 'settings.local.json');

/**
 * Adds Switchboard's hooks to a Claude Code settings file, keeping everything else in it (the user's
 * own hooks included). Idempotent: a hook whose command is already there is not added twice. The
 * command carries no secret; the agent's token reaches it through the environment.
 */
export function installClaudeHooks(settingsPath: string, command: string): void {
  let settings: Settings = {};
  try {
    settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as Settings;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read ${settingsPath}: ${(error as Error).message}`, { cause: error });
  }
  const hooks = (settings.hooks ??= {});
  for (const { event, matcher } of HOOK_EVENTS) {
    const groups = (hooks[event] ??= []);
    if (groups.some((group) => group.hooks?.some((hook) => hook.command === command))) continue;
    groups.push({ ...(matcher === undefined ? {} : { matcher }), hooks: [{ type: 'command', command, timeout: 10 }] });
  }
  mkdirSync(dirname(settingsPath), { recursive: true });
  const temporary = `${settingsPath}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
  renameSync(temporary, settingsPath);
}
