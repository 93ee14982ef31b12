import { execFile } from 'node:child_process';

/** What the handshake sends to be let in (§1.3): a cookie and the Script Console key issued with it. */
export interface ITerm2Credentials {
  cookie?: string;
  key?: string;
}

/**
 * Supplies credentials for each connection attempt. `fresh` is true after a 401: the provider should
 * get a new cookie (iTerm2's normal cookies are single-use).
 */
export interface ITerm2AuthProvider {
  credentials(fresh: boolean): Promise<ITerm2Credentials>;
}

/** Runs `osascript` and returns its standard output (injectable so the AppleScript path can be tested off macOS). */
export type AppleScriptRunner = (script: string) => Promise<string>;

const runOsascript: AppleScriptRunner = (script) =>
  new Promise((resolve, reject) => {
    execFile('osascript', ['-e', script], { timeout: 30_000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

export interface DefaultAuthOptions {
  /** Name iTerm2 shows for this client in its Script Console. */
  appName?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  runAppleScript?: AppleScriptRunner;
}

/** The AppleScript the Python library uses (`iterm2/auth.py`); `IT2_APP_PATH` picks a specific app bundle. */
export function cookieRequestScript(appName: string, appPath?: string): string {
  const app = appPath ? appPath : 'iTerm2';
  return `tell application "${escapeAppleScript(app)}" to request cookie and key for app named "${escapeAppleScript(appName)}"`;
}

const escapeAppleScript = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/**
 * iTerm2's own way: `ITERM2_COOKIE`/`ITERM2_KEY` from the environment (read once, then removed from
 * it so child processes - agent panes - never inherit them, as the Python library does), and on
 * macOS the AppleScript `request cookie and key`, asked again once after a 401.
 */
export function defaultAuth(options: DefaultAuthOptions = {}): ITerm2AuthProvider {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const run = options.runAppleScript ?? runOsascript;
  const appName = options.appName ?? 'Switchboard';
  let fromEnv: ITerm2Credentials | undefined;
  const cookie = env['ITERM2_COOKIE'];
  if (cookie) {
    fromEnv = { cookie, ...(env['ITERM2_KEY'] ? { key: env['ITERM2_KEY'] } : {}) };
    delete env['ITERM2_COOKIE'];
    delete env['ITERM2_KEY'];
  }
  const viaAppleScript = async (): Promise<ITerm2Credentials> => {
    const answer = (await run(cookieRequestScript(appName, env['IT2_APP_PATH']))).trim();
    const [newCookie, key] = answer.split(/\s+/);
    if (!newCookie) throw new Error('iTerm2 returned no cookie to the AppleScript request');
    return { cookie: newCookie, ...(key ? { key } : {}) };
  };
  let usedEnv = false;
  return {
    async credentials(fresh) {
      if (fromEnv && !fresh && !usedEnv) {
        usedEnv = true;
        return fromEnv;
      }
      if (platform === 'darwin') return viaAppleScript();
      // Off macOS there is no AppleScript; a reusable cookie from the environment is all we have.
      return fromEnv ?? {};
    },
  };
}

/** Fixed credentials (tests, a reusable cookie of the embedded server). */
export function staticAuth(credentials: ITerm2Credentials): ITerm2AuthProvider {
  return { credentials: async () => credentials };
}
