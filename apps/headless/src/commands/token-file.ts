// The agent token `switchboard mcp-config` issues, kept out of every other program's argv and of shell history:
// mcp-config writes it to a 0600 file in the data folder and prints configurations that name only the file; the
// stdio relay (`switchboard mcp`) reads it from there at each start.
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from './private-file';

/** The environment variable naming the token file (the relay takes SWITCHBOARD_TOKEN first when both are set). */
export const TOKEN_FILE_ENV = 'SWITCHBOARD_TOKEN_FILE';

/** `<data>/mcp-config/<agent id>.token`: one per agent, rewritten by each mcp-config (which revokes the token before). */
export function writeTokenFile(dataDir: string, agentId: string, token: string): string {
  const folder = join(dataDir, 'mcp-config');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  const path = join(folder, `${agentId}.token`);
  const temporary = `${path}.${process.pid}.tmp`;
  // Whole or not at all: a relay starting meanwhile reads the token before or after, never half of it.
  writePrivateFile(temporary, token + '\n');
  renameSync(temporary, path);
  return path;
}

/** The token in the file; refuses a file other users could read (as ssh refuses such a key). */
export function readTokenFile(path: string): string {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new Error(
      `${TOKEN_FILE_ENV} ${path} is readable by others (mode ${mode.toString(8)}): chmod 600 it.`,
    );
  const token = readFileSync(path, 'utf8').trim();
  if (!token) throw new Error(`${TOKEN_FILE_ENV} ${path} is empty.`);
  return token;
}
