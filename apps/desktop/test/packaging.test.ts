import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '@switchboard/host';
import { bindApi, humanCaller } from '@switchboard/protocol';
import { PACKAGED_HOOK, REPOSITORY_HOOK, desktopHookCommands } from '../src/main/hook-command';
import { PACKAGED_LAUNCHER, desktopLauncherPath } from '../src/main/launcher-location';

// electron-builder's own JSON schema and YAML reader (js-yaml is app-builder-lib's dependency).
const require = createRequire(
  join(import.meta.dirname, '../../../node_modules/app-builder-lib/package.json'),
);
const schema = require('./scheme.json') as object;
const yaml = require('js-yaml') as { load(text: string): unknown };

const root = join(import.meta.dirname, '../../..');
const projectDir = join(root, 'apps/desktop');
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('electron-builder.yml', () => {
  it('is valid against the schema shipped in app-builder-lib', () => {
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail (a misspelt option is refused)', () => {
    expect(validate({ ...config, mac: { ...config['mac'], hardendRuntime: true } })).toBe(false);
    expect(validate({ ...config, appId: 42 })).toBe(false);
  });

  it('builds dmg and zip for arm64 and x64 with an app id and product name', () => {
    expect(config['appId']).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config['productName']).toBe('Switchboard');
    const targets = (config['mac'].target as { target: string; arch: string[] }[]).map((t) => [
      t.target,
      [...t.arch].sort(),
    ]);
    expect(targets).toEqual([
      ['dmg', ['arm64', 'x64']],
      ['zip', ['arm64', 'x64']],
    ]);
  });

  it('signs with the hardened runtime and entitlements that allow Apple Events (for the iTerm2 cookie)', () => {
    const mac = config['mac'];
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.extendInfo.NSAppleEventsUsageDescription).toMatch(/iTerm2/);
    for (const file of [mac.entitlements, mac.entitlementsInherit]) {
      const plist = readFileSync(join(projectDir, file), 'utf8');
      expect(plist).toMatch(/<key>com\.apple\.security\.automation\.apple-events<\/key>\s*<true\/>/);
      expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
      expect(plist).not.toMatch(/get-task-allow|allow-unsigned-executable-memory/);
    }
  });

  it('rebuilds native modules for Electron and unpacks them from the asar', () => {
    expect(config['npmRebuild']).toBe(true);
    expect(config['asarUnpack']).toEqual(expect.arrayContaining(['**/*.node']));
    const pkg = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8'));
    expect(config['electronVersion']).toBe(pkg.devDependencies.electron);
  });

  it('names files that exist: icon, entitlements, tray icons', () => {
    expect(existsSync(join(projectDir, config['mac'].icon))).toBe(true);
    for (const state of ['ok', 'waiting', 'error']) {
      expect(existsSync(join(projectDir, 'resources', `tray-${state}.png`))).toBe(true);
      expect(existsSync(join(projectDir, 'resources', `tray-${state}@2x.png`))).toBe(true);
    }
    const icon = readFileSync(join(projectDir, config['mac'].icon));
    expect(icon.readUInt32BE(16)).toBe(1024); // electron-builder needs at least 512 px to make the .icns
  });
});

describe("the packaged app ships the agents' launcher", () => {
  // electron-builder's own glob matcher (minimatch, app-builder-lib's dependency), for the extraResources filters.
  const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string): boolean };
  type Resource = { from: string; to: string; filter?: string[] };

  // What `npm run build:desktop` / `npm run dist` bundle into out/hook before electron-builder copies the resources.
  beforeAll(() => {
    execFileSync(process.execPath, [join(projectDir, 'scripts/build-hook.js')], { stdio: 'pipe' });
  }, 60_000);

  /** Copies the extraResources entries into `resources` the way electron-builder lays out <App>.app/Contents/Resources. */
  function layOutResources(resources: string): void {
    for (const entry of config['extraResources'] as Resource[]) {
      const from = join(projectDir, entry.from);
      for (const name of readdirSync(from)) {
        if (entry.filter && !entry.filter.some((pattern) => minimatch(name, pattern))) continue;
        mkdirSync(join(resources, entry.to), { recursive: true });
        copyFileSync(join(from, name), join(resources, entry.to, name));
      }
    }
  }

  it('electron-builder.yml copies packages/core/launcher/launch-agent.sh to Resources/launcher, outside the asar', () => {
    const entry = (config['extraResources'] as Resource[]).find(
      (resource) => resource.to === PACKAGED_LAUNCHER[0],
    );
    expect(entry).toBeDefined();
    expect(join(projectDir, entry!.from, PACKAGED_LAUNCHER[1])).toBe(
      join(root, 'packages/core/launcher/launch-agent.sh'),
    );
    expect(entry!.filter?.some((pattern) => minimatch(PACKAGED_LAUNCHER[1], pattern))).toBe(true);
    // Executable too (electron-builder keeps the mode it copies), though panes run it as `/bin/sh <it>`, which needs only read access.
    expect(statSync(join(root, 'packages/core/launcher/launch-agent.sh')).mode & 0o555).toBe(0o555);
  });

  it("the app finds it there when packaged (core's default otherwise), and an agent pane runs through that copy", async () => {
    const resources = mkdtempSync(join(tmpdir(), 'sb-Resources-'));
    layOutResources(resources);
    expect(desktopLauncherPath(false, resources)).toBeUndefined();
    const launcherPath = desktopLauncherPath(true, resources)!;
    const original = readFileSync(join(root, 'packages/core/launcher/launch-agent.sh'), 'utf8');
    expect(readFileSync(launcherPath, 'utf8')).toBe(original);
    // Marked, so the pane shows which copy ran (the line runs before the launcher's own code).
    writeFileSync(launcherPath, original.replace('\n', '\necho "launcher: the copy in Resources"\n'));
    const host = await startHost({
      dataDir: mkdtempSync(join(tmpdir(), 'sb-packaged-')),
      backend: 'sim',
      writeHostFile: false,
      launcherPath,
    });
    try {
      const call = bindApi(host.orchestrator, humanCaller);
      await call.call('agent.spawn', {
        name: 'packaged',
        kind: 'custom',
        command: 'echo "launched by $0 as $SWITCHBOARD_AGENT"; exec sleep 60',
      });
      const screen = await waitFor(async () => {
        const { lines } = (await call.call('pane.read', { targets: ['packaged'], lines: 20 })).screens[0]!;
        return lines.some((line) => line.startsWith('launched by')) ? lines : undefined;
      });
      expect(screen).toContain('launcher: the copy in Resources');
      expect(screen.find((line) => line.startsWith('launched by'))).toMatch(
        /^launched by \/bin\/sh as [\w-]+$/,
      );
    } finally {
      await host.close();
    }
  }, 60_000);

  describe("and the hook reporter the agents' CLIs run (issue 19: hooks and resume from the desktop app)", () => {
    it('electron-builder.yml copies the bundled reporter from out/hook to Resources/hook, outside the asar', () => {
      const entry = (config['extraResources'] as Resource[]).find(
        (resource) => resource.to === PACKAGED_HOOK[0],
      );
      expect(entry).toBeDefined();
      expect(join(projectDir, entry!.from, PACKAGED_HOOK[1])).toBe(
        join(projectDir, 'out/hook/switchboard-hook.mjs'),
      );
      expect(entry!.filter?.some((pattern) => minimatch(PACKAGED_HOOK[1], pattern))).toBe(true);
      const resources = mkdtempSync(join(tmpdir(), 'sb-Resources-'));
      layOutResources(resources);
      expect(existsSync(join(resources, ...PACKAGED_HOOK))).toBe(true);
    });

    it("packaged: the bundle in Resources; from the repository: the CLI entry; both run by the app's binary as Node, by absolute paths", () => {
      const site = {
        resourcesPath: '/Applications/Switch board.app/Contents/Resources',
        repositoryRoot: "/src/o'brien/switchboard",
        execPath: '/Applications/Switch board.app/Contents/MacOS/Switchboard',
        dataDir: '/Users/me/Library/Application Support/Switchboard',
      };
      const packaged = desktopHookCommands({ ...site, packaged: true });
      expect(packaged.claudeHookCommand).toBe(
        `ELECTRON_RUN_AS_NODE=1 '${site.execPath}' '${site.resourcesPath}/hook/switchboard-hook.mjs' 'hook' '--data-dir' '${site.dataDir}'`,
      );
      expect(packaged.codexNotifyCommand).toEqual([
        '/usr/bin/env',
        'ELECTRON_RUN_AS_NODE=1',
        site.execPath,
        `${site.resourcesPath}/hook/switchboard-hook.mjs`,
        'hook',
        '--data-dir',
        site.dataDir,
        '--codex',
      ]);
      const fromRepository = desktopHookCommands({ ...site, packaged: false });
      expect(fromRepository.codexNotifyCommand[3]).toBe(join(site.repositoryRoot, ...REPOSITORY_HOOK));
      // A quote in a path stays one word for the shell Claude Code runs its hooks in.
      const words = execFileSync(
        '/bin/sh',
        [
          '-c',
          `set -- ${fromRepository.claudeHookCommand.replace('ELECTRON_RUN_AS_NODE=1 ', '')}; printf '%s\\n' "$@"`,
        ],
        { encoding: 'utf8' },
      );
      expect(words.trimEnd().split('\n')).toEqual([
        site.execPath,
        join(site.repositoryRoot, ...REPOSITORY_HOOK),
        'hook',
        '--data-dir',
        site.dataDir,
      ]);
    });

    it('a Claude Code hook and a Codex notify, run exactly as the packaged app passes them, reach the host and record the conversation a restart resumes', async () => {
      const resources = mkdtempSync(join(tmpdir(), 'sb-Resources-'));
      layOutResources(resources);
      const dataDir = mkdtempSync(join(tmpdir(), 'sb-packaged-hooks-'));
      // Node stands in for the app's binary: ELECTRON_RUN_AS_NODE=1 is what makes Electron's behave as this one does.
      const hooks = desktopHookCommands({
        packaged: true,
        resourcesPath: resources,
        repositoryRoot: root,
        execPath: process.execPath,
        dataDir,
      });
      const host = await startHost({ dataDir, backend: 'memory', port: 0, writeHostFile: false, ...hooks });
      try {
        const call = bindApi(host.orchestrator, humanCaller);
        const claude = await call.call('agent.spawn', { name: 'claude-1', kind: 'claude' });
        const codex = await call.call('agent.spawn', { name: 'codex-1', kind: 'codex' });
        const tokenOf = async (agent: string) => (await call.call('agent.issueToken', { agent })).token;

        // Claude Code runs the command its --settings file names, in a shell, with the event on stdin.
        const settings = JSON.parse(
          readFileSync(join(dataDir, 'agents', claude.id, 'claude-settings.json'), 'utf8'),
        ) as { hooks: Record<string, { hooks: { command: string }[] }[]> };
        const command = settings.hooks['UserPromptSubmit']![0]!.hooks[0]!.command;
        expect(command).toBe(hooks.claudeHookCommand);
        expect(host.orchestrator.fleet.resumableSession(claude)).toBeUndefined();
        // (Run asynchronously: the host answers from this very process.)
        // A prompt submitted: the session now holds a conversation `--resume` can find.
        const promptSubmitted = JSON.stringify({
          hook_event_name: 'UserPromptSubmit',
          session_id: 'claude-session-1',
        });
        await run(
          '/bin/sh',
          ['-c', command],
          { ...process.env, SWITCHBOARD_URL: host.url, SWITCHBOARD_TOKEN: await tokenOf('claude-1') },
          promptSubmitted,
        );
        expect(host.orchestrator.fleet.resumableSession(claude)).toBe('claude-session-1');

        // Codex runs its notify argv with the turn's JSON as the last argument.
        const [program, ...args] = hooks.codexNotifyCommand;
        const turn = JSON.stringify({ type: 'agent-turn-complete', 'thread-id': 'codex-thread-1' });
        await run(program!, [...args, turn], {
          ...process.env,
          SWITCHBOARD_URL: host.url,
          SWITCHBOARD_TOKEN: await tokenOf('codex-1'),
        });
        expect(host.orchestrator.fleet.resumableSession(codex)).toBe('codex-thread-1');

        // From the repository the same command line runs the CLI entry itself.
        const [fromRepository, ...fromRepositoryArgs] = desktopHookCommands({
          packaged: false,
          resourcesPath: resources,
          repositoryRoot: root,
          execPath: process.execPath,
          dataDir,
        }).codexNotifyCommand;
        const nextTurn = JSON.stringify({ type: 'agent-turn-complete', 'thread-id': 'codex-thread-2' });
        await run(fromRepository!, [...fromRepositoryArgs, nextTurn], {
          ...process.env,
          SWITCHBOARD_URL: host.url,
          SWITCHBOARD_TOKEN: await tokenOf('codex-1'),
        });
        expect(host.orchestrator.fleet.resumableSession(codex)).toBe('codex-thread-2');
      } finally {
        await host.close();
      }
    }, 60_000);
  });
});

/** Runs a program to its end (with `input` on stdin); rejects with its stderr when it fails. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(program, args, { env, timeout: 30_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${program} failed: ${stderr}`)) : resolve(stderr),
    );
    child.stdin!.end(input);
  });
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
