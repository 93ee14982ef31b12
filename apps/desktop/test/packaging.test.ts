import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

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
