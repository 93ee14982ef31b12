import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLAUDE_BIN } from '../../packages/host/test/health/support/claude-env';
import { startHostProcess, type HostProcess } from './host-process';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ClaudeMachine {
  home: string;
  /** The project folders, by name (`<home>/work/<name>`), trusted by Claude Code. */
  folders: Record<string, string>;
  /** `switchboard start --backend sim` on the same data folder and port each time (a restart finds its agents). */
  start(): Promise<HostProcess>;
}

/**
 * A person's machine for real Claude Code agents against the scripted local model (reference/agent-clis.md): a HOME
 * with onboarding done, the API key approved and the project folders trusted; `claude` on PATH pointed at the model,
 * inherited by the host and its panes.
 */
export async function claudeMachine(key: string, modelUrl: string, names: string[]): Promise<ClaudeMachine> {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'sb-claude-machine-')));
  const folders = Object.fromEntries(names.map((name) => [name, join(home, 'work', name)]));
  for (const folder of Object.values(folders)) mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(home, '.claude.json'),
    JSON.stringify({
      hasCompletedOnboarding: true,
      customApiKeyResponses: { approved: [key.slice(-20)], rejected: [] },
      projects: Object.fromEntries(Object.values(folders).map((f) => [f, { hasTrustDialogAccepted: true }])),
    }),
  );
  const env = {
    HOME: home,
    PATH: `${dirname(CLAUDE_BIN)}:${process.env['PATH']}`,
    ANTHROPIC_BASE_URL: modelUrl,
    ANTHROPIC_API_KEY: key,
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
    ENABLE_TOOL_SEARCH: 'false',
  };
  const dataDir = join(home, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const port = await freePort();
  return {
    home,
    folders,
    start: () => startHostProcess(['--backend', 'sim', '--port', String(port)], dataDir, env),
  };
}
