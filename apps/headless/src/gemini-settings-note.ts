import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The first folder at or above `path` that group or others may write, or undefined. Gemini CLI (0.61) skips a
 * system settings file below such a folder ("Parent directory '/tmp' is insecure") and starts with no MCP server.
 */
export function folderOthersMayWrite(path: string): string | undefined {
  for (let folder = resolve(path); ; folder = dirname(folder)) {
    try {
      if ((statSync(folder).mode & 0o022) !== 0) return folder;
    } catch {
      // Not there (yet): the folders above it decide.
    }
    if (dirname(folder) === folder) return undefined;
  }
}

/** What `switchboard start` tells the person when Gemini CLI agents would start without Switchboard's tools. */
export function geminiSettingsNote(dataDir: string): string | undefined {
  const shared = folderOthersMayWrite(dataDir);
  if (shared === undefined) return undefined;
  return (
    `Note: ${shared} (above the data folder) is writable by others: Gemini CLI ignores the settings file ` +
    "Switchboard writes there, so gemini agents start without Switchboard's tools; a data folder in your " +
    'home (the default, or --data-dir) wires them.'
  );
}
