import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeSettingsPath, installClaudeHooks } from '../../src/index';

const COMMAND = "'/usr/bin/node' '/opt/switchboard/apps/headless/bin/switchboard.js' hook";
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as { hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]>; model?: string };

describe('installClaudeHooks', () => {
  it('writes Notification, PreToolUse, PostToolUse, UserPromptSubmit and Stop hooks running the command', () => {
    const path = claudeSettingsPath(mkdtempSync(join(tmpdir(), 'sb-hooks-')));
    installClaudeHooks(path, COMMAND);
    const settings = read(path);
    expect(Object.keys(settings.hooks).sort()).toEqual(['Notification', 'PostToolUse', 'PreToolUse', 'Stop', 'UserPromptSubmit']);
    expect(settings.hooks['PreToolUse']).toEqual([{ matcher: '*', hooks: [{ type: 'command', command: COMMAND, timeout: 10 }] }]);
    expect(settings.hooks['Stop']![0]!.matcher).toBeUndefined();
  });

  it('keeps the user\'s settings and hooks and is idempotent', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sb-hooks-'));
    const path = claudeSettingsPath(cwd);
    mkdirSync(join(cwd, '.claude'));
    writeFileSync(path, JSON.stringify({ model: 'opus', hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] } }));
    installClaudeHooks(path, COMMAND);
    installClaudeHooks(path, COMMAND);
    const settings = read(path);
    expect(settings.model).toBe('opus');
    expect(settings.hooks['Stop']!.map((g) => g.hooks[0]!.command)).toEqual(['say done', COMMAND]);
    expect(settings.hooks['Notification']).toHaveLength(1);
  });

  it('refuses to overwrite a settings file it cannot parse', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sb-hooks-'));
    mkdirSync(join(cwd, '.claude'));
    writeFileSync(claudeSettingsPath(cwd), '{ not json');
    expect(() => installClaudeHooks(claudeSettingsPath(cwd), COMMAND)).toThrow(/Cannot read/);
    expect(readFileSync(claudeSettingsPath(cwd), 'utf8')).toBe('{ not json');
  });
});
