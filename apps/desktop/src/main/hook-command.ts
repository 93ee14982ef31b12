import { join } from 'node:path';

/** Where electron-builder.yml's extraResources put the bundled hook reporter, under the app's Resources folder. */
export const PACKAGED_HOOK = ['hook', 'switchboard-hook.mjs'] as const;
/** The CLI entry the hook runs from when the app runs from the repository. */
export const REPOSITORY_HOOK = ['apps', 'headless', 'bin', 'switchboard.js'] as const;

export interface HookCommandSite {
  packaged: boolean;
  /** `process.resourcesPath`: Contents/Resources of the packaged app. */
  resourcesPath: string;
  /** The repository root, when the app runs from it. */
  repositoryRoot: string;
  /** The app's own binary (`process.execPath`), run as plain Node with ELECTRON_RUN_AS_NODE=1. */
  execPath: string;
  /** The host's data folder (host.json), named explicitly so the hook finds it whatever its environment. */
  dataDir: string;
}

export interface AgentHookCommands {
  /** Claude Code's hook command (a shell command line). */
  claudeHookCommand: string;
  /** Codex's `notify` program, as argv. */
  codexNotifyCommand: readonly string[];
}

/** POSIX shell quoting for one word. */
const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * What the desktop app's agents run to report to the host, as the headless CLI's do
 * (`node …/switchboard.js hook`): by absolute paths, under the app's own binary as Node, so nothing on
 * the user's PATH is needed. Packaged, the script is the self-contained bundle in Resources (outside the
 * asar); from the repository, the CLI entry itself.
 */
export function desktopHookCommands(site: HookCommandSite): AgentHookCommands {
  const script = site.packaged
    ? join(site.resourcesPath, ...PACKAGED_HOOK)
    : join(site.repositoryRoot, ...REPOSITORY_HOOK);
  const argv = [site.execPath, script, 'hook', '--data-dir', site.dataDir];
  return {
    claudeHookCommand: `ELECTRON_RUN_AS_NODE=1 ${argv.map(shellQuote).join(' ')}`,
    codexNotifyCommand: ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', ...argv, '--codex'],
  };
}
