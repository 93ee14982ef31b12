import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller, type Agent } from '@switchboard/protocol';
import { startHost, type Host } from '../../src/index';
import { until } from '../health/support/embedded-stack';
import { quote } from '../support/shell-words';
import { CODEX, GEMINI, thenWait } from './support/pinned-clis';

/** No folder on the way up is writable by group or others (Gemini CLI ignores a system settings file below such a folder, e.g. under /tmp). */
function secureChain(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o022) !== 0) return false;
    if (dirname(dir) === dir) return true;
  }
}
/** A data folder Gemini CLI accepts settings under: in the repository's node_modules/.cache, else in HOME. */
const SECURE_BASE = [resolve(GEMINI, '../../.cache'), join(homedir(), '.cache')].find((dir) => {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return secureChain(realpathSync(dir));
  } catch {
    return false;
  }
});

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function spawnInPane(
  name: string,
  kind: 'codex' | 'gemini',
  command: string,
): Promise<{ agent: Agent; screen: () => Promise<string>; cwd: string }> {
  if (!host) {
    host = await startHost({
      dataDir: mkdtempSync(join(SECURE_BASE ?? tmpdir(), 'sb-wiring-')),
      backend: 'sim',
      writeHostFile: false,
    });
    recordAuthentications(host);
  }
  const cwd = realpathSync(mkdtempSync(join(tmpdir(), `sb-${kind}-project-`)));
  const home = realpathSync(mkdtempSync(join(tmpdir(), `sb-${kind}-home-`)));
  // Gemini CLI uses MCP servers only in folders the user trusted (its own rule, which Switchboard leaves to the user).
  mkdirSync(join(home, '.gemini'));
  writeFileSync(join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [cwd]: 'TRUST_FOLDER' }));
  // The CLI prints its list and the pane stays open to be read.
  const agent = (await host.orchestrator.invoke(humanCaller, 'agent.spawn', {
    name,
    kind,
    cwd,
    command: `HOME=${quote(home)} ${command}`,
  })) as Agent;
  const target = host;
  // Lines joined without breaks: the pane is narrow and wraps the CLI's table.
  const screen = async () =>
    (
      (await target.orchestrator.invoke(humanCaller, 'pane.read', {
        targets: [name],
        lines: 200,
        scrollback: true,
      })) as { screens: { lines: string[] }[] }
    ).screens[0]!.lines.join('');
  return { agent, screen, cwd };
}

/** The agents whose tokens reached the host (recorded on the way through; authentication itself runs unchanged). */
const authenticated: string[] = [];
function recordAuthentications(target: Host): void {
  const authenticate = target.orchestrator.authenticateAgent.bind(target.orchestrator);
  target.orchestrator.authenticateAgent = (token) => {
    const caller = authenticate(token);
    if (caller?.kind === 'agent') authenticated.push(caller.id);
    return caller;
  };
}

describe.skipIf(!existsSync(GEMINI) || SECURE_BASE === undefined)(
  'Gemini CLI 0.61.0 spawned by Switchboard',
  { timeout: 240_000 },
  () => {
    it("lists Switchboard's server as connected, reached with the agent's own token, nothing written into its folder", async () => {
      const { agent, screen, cwd } = await spawnInPane('gem', 'gemini', thenWait(GEMINI, 'mcp', 'list'));
      const shown = await until(
        async () => (/switchboard.*(Connected|Disconnected)/.test(await screen()) ? screen() : undefined),
        120_000,
        screen,
      );
      expect(shown).toMatch(/switchboard: http:\/\/127\.0\.0\.1:\d+\/mcp \(http\) - Connected/);
      // The bearer token Gemini CLI sent is this agent's own (from its launcher's environment).
      expect(authenticated).toContain(agent.id);
      expect(readdirSync(cwd)).toEqual([]);
    });
  },
);

describe.skipIf(!existsSync(CODEX))('Codex 0.169.0 spawned by Switchboard', { timeout: 240_000 }, () => {
  it("lists Switchboard's server with the bearer token from the agent's environment, nothing written into its folder", async () => {
    const { screen, cwd } = await spawnInPane('cdx', 'codex', thenWait(CODEX, 'mcp', 'list'));
    const shown = await until(
      async () => (/switchboard\s+http/.test(await screen()) ? screen() : undefined),
      120_000,
      screen,
    );
    expect(shown).toMatch(
      new RegExp(
        `switchboard\\s+${host!.url.replace(/\./g, '\\.')}/mcp\\s+SWITCHBOARD_TOKEN\\s+enabled\\s+Bearer token`,
      ),
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("connects to the endpoint with the agent's own token when a session starts (codex exec; its model is unreachable here)", async () => {
    const provider =
      'model_providers.offline={name="offline",base_url="http://127.0.0.1:9/v1",env_key="OPENAI_API_KEY",wire_api="responses"}';
    const command = `OPENAI_API_KEY=sk-offline ${thenWait(CODEX, 'exec', '--skip-git-repo-check', '-c', quote(provider), '-c', 'model_provider=offline', quote('say hi'))}`;
    const { agent, screen } = await spawnInPane('cdx-exec', 'codex', command);
    await until(() => (authenticated.includes(agent.id) ? true : undefined), 120_000, screen);
  });
});
