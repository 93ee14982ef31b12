import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { startHost } from '@switchboard/host';
import { bindApi, humanCaller } from '@switchboard/protocol';
import { PACKAGED_LAUNCHER, desktopLauncherPath } from '../src/main/launcher-location';

// electron-builder's own JSON schema and YAML reader (js-yaml is app-builder-lib's dependency).
const require = createRequire(join(import.meta.dirname, '../../../node_modules/app-builder-lib/package.json'));
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
    const targets = (config['mac'].target as { target: string; arch: string[] }[]).map((t) => [t.target, [...t.arch].sort()]);
    expect(targets).toEqual([['dmg', ['arm64', 'x64']], ['zip', ['arm64', 'x64']]]);
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

describe('the packaged app ships the agents\' launcher', () => {
  // electron-builder's own glob matcher (minimatch, app-builder-lib's dependency), for the extraResources filters.
  const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string): boolean };
  type Resource = { from: string; to: string; filter?: string[] };

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
    const entry = (config['extraResources'] as Resource[]).find((resource) => resource.to === PACKAGED_LAUNCHER[0]);
    expect(entry).toBeDefined();
    expect(join(projectDir, entry!.from, PACKAGED_LAUNCHER[1])).toBe(join(root, 'packages/core/launcher/launch-agent.sh'));
    expect(entry!.filter?.some((pattern) => minimatch(PACKAGED_LAUNCHER[1], pattern))).toBe(true);
    // Executable too (electron-builder keeps the mode it copies), though panes run it as `/bin/sh <it>`, which needs only read access.
    expect(statSync(join(root, 'packages/core/launcher/launch-agent.sh')).mode & 0o555).toBe(0o555);
  });

  it('the app finds it there when packaged (core\'s default otherwise), and an agent pane runs through that copy', async () => {
    const resources = mkdtempSync(join(tmpdir(), 'sb-Resources-'));
    layOutResources(resources);
    expect(desktopLauncherPath(false, resources)).toBeUndefined();
    const launcherPath = desktopLauncherPath(true, resources)!;
    const original = readFileSync(join(root, 'packages/core/launcher/launch-agent.sh'), 'utf8');
    expect(readFileSync(launcherPath, 'utf8')).toBe(original);
    // Marked, so the pane shows which copy ran (the line runs before the launcher's own code).
    writeFileSync(launcherPath, original.replace('\n', '\necho "launcher: the copy in Resources"\n'));
    const host = await startHost({ dataDir: mkdtempSync(join(tmpdir(), 'sb-packaged-')), backend: 'sim', writeHostFile: false, launcherPath });
    try {
      const call = bindApi(host.orchestrator, humanCaller);
      await call.call('agent.spawn', { name: 'packaged', kind: 'custom', command: 'echo "launched by $0 as $SWITCHBOARD_AGENT"; exec sleep 60' });
      const screen = await waitFor(async () => {
        const { lines } = (await call.call('pane.read', { targets: ['packaged'], lines: 20 })).screens[0]!;
        return lines.some((line) => line.startsWith('launched by')) ? lines : undefined;
      });
      expect(screen).toContain('launcher: the copy in Resources');
      expect(screen.find((line) => line.startsWith('launched by'))).toMatch(/^launched by \/bin\/sh as [\w-]+$/);
    } finally {
      await host.close();
    }
  }, 60_000);
});

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
