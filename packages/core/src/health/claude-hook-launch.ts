import type { ParsedInput } from '@switchboard/protocol';
import { claudeSettingsPath, installClaudeHooks } from './claude-hooks';

/**
 * Before a `claude` agent starts, installs Switchboard's hooks into the Claude Code settings of its
 * working folder (Claude Code reads hooks once, at start). Returns what happened, for the log;
 * never throws: an agent without hooks still runs, and the screen detectors still see it.
 */
export function claudeHookInstaller(hookCommand: string | undefined) {
  return async (input: ParsedInput<'agent.spawn'>): Promise<'installed' | 'skipped' | 'failed'> => {
    if (input.kind !== 'claude' || !hookCommand || !input.cwd) return 'skipped';
    try {
      installClaudeHooks(claudeSettingsPath(input.cwd), hookCommand);
      return 'installed';
    } catch {
      return 'failed';
    }
  };
}
