import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where iTerm2 (3.3.12+) listens: `~/Library/Application Support/iTerm2/private/socket`, or under
 * `<IT2_SUITE>` instead of `iTerm2` when that variable is set.
 */
export function defaultITerm2SocketPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const suite = env['IT2_SUITE'] || 'iTerm2';
  return join(home, 'Library', 'Application Support', suite, 'private', 'socket');
}
