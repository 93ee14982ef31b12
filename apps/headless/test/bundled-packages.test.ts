import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PackageInlining } from '../bin/bundled-packages.js';
import { compiledEntry } from '../bin/compiled-entry.js';

// The CLI's own bundles take their npm packages in (bin/bundled-packages.js): what Node would load file by file is
// read once. What must keep working as under Node is checked on a small project whose packages each stand for a case.
const root = mkdtempSync(join(tmpdir(), 'sb-bundled-packages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
function cjsPackage(dir: string, name: string, version: string, index: string, extra: object = {}) {
  write(
    `${dir}/node_modules/${name}/package.json`,
    JSON.stringify({ name, version, main: 'index.js', ...extra }),
  );
  write(`${dir}/node_modules/${name}/index.js`, index);
}
// One version installed twice (as npm nests a workspace's pinned version): one copy in the bundle.
cjsPackage('.', 'same', '1.0.0', 'module.exports = { copy: {} };');
cjsPackage('lib', 'same', '1.0.0', 'module.exports = { copy: {} };');
// Two versions: each importer keeps its own.
cjsPackage('.', 'dep', '1.0.0', "module.exports = { version: '1.0.0' };");
cjsPackage('lib', 'dep', '2.0.0', "module.exports = { version: '2.0.0' };");
// Finds a file by its own location: stays imported, so the file is found.
cjsPackage(
  '.',
  'located',
  '1.0.0',
  "module.exports = require('fs').readFileSync(__dirname + '/data.txt', 'utf8');",
);
write('node_modules/located/data.txt', 'beside located');
// A native addon (binding.gyp): stays imported.
cjsPackage('.', 'native', '1.0.0', 'module.exports = { loaded: true };');
write('node_modules/native/binding.gyp', '{}');
// Imported on demand with import(): named exports as Node gives them.
cjsPackage('.', 'ondemand', '1.0.0', "exports.named = 'named export';");
// A CommonJS package that requires a Node built-in by its bare name.
cjsPackage('.', 'builtin', '1.0.0', "module.exports = require('path').sep;");
write(
  'lib/helper.ts',
  "import same from 'same';\nimport dep from 'dep';\nexport const lib = { same, dep };\n",
);
write(
  'main.ts',
  [
    "import same from 'same';",
    "import dep from 'dep';",
    "import located from 'located';",
    "import native from 'native';",
    "import sep from 'builtin';",
    "import { lib } from './lib/helper';",
    'export const oneCopy = same.copy === lib.same.copy;',
    'export const versions = [dep.version, lib.dep.version];',
    'export const found = located;',
    'export const nativeLoaded = native.loaded;',
    'export const separator = sep;',
    "export const onDemand = async () => (await import('ondemand')).named;",
  ].join('\n'),
);
write('lock.json', '{}');

/** What each file of the bundle in `cacheDir` was built from (the .sources.json beside it). */
function builtFrom(cacheDir: string): Record<string, string[]> {
  return JSON.parse(readFileSync(join(cacheDir, 'main.sources.json'), 'utf8')) as Record<string, string[]>;
}
/** The packages the bundle's files import from node_modules by absolute path (kept imported, not bundled). */
function importedPackages(cacheDir: string): Set<string> {
  const code = Object.keys(builtFrom(cacheDir))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const imported = code.matchAll(/["'](?:file:\/\/)?\/[^"']*\/node_modules\/([a-z]+)\/index\.js["']/g);
  return new Set([...imported].map((m) => m[1]!));
}

describe('the CLI bundles take npm packages in', { timeout: 60_000 }, () => {
  it('one copy per version, each importer its own; native, self-locating, on-demand packages stay imports', async () => {
    const cacheDir = join(root, '.cache');
    const url = await compiledEntry('main', join(root, 'main.ts'), {
      cacheDir,
      watch: [join(root, 'lock.json')],
      inlinePackages: true,
    });
    expect(url).toBeDefined();
    const bundle = (await import(url!)) as {
      oneCopy: boolean;
      versions: string[];
      found: string;
      nativeLoaded: boolean;
      separator: string;
      onDemand: () => Promise<string>;
    };
    expect(bundle).toMatchObject({
      oneCopy: true,
      versions: ['1.0.0', '2.0.0'],
      found: 'beside located',
      nativeLoaded: true,
      separator: '/',
    });
    expect(await bundle.onDemand()).toBe('named export');

    // What the bundle's files (the .sources.json beside it) import from node_modules by absolute path, and hold.
    expect(importedPackages(cacheDir)).toEqual(new Set(['located', 'native', 'ondemand']));
    const sources = builtFrom(cacheDir);
    const held = Object.values(sources).flat();
    const packageFiles = held.filter((f) => f.includes('node_modules')).map((f) => f.slice(root.length + 1));
    const copiesOfSame = packageFiles.filter((f) => f.endsWith('/same/index.js'));
    // The first by path of the folders seen, whichever esbuild resolved first: the same install, the same bundle.
    expect(copiesOfSame).toEqual(['lib/node_modules/same/index.js']);
    expect(packageFiles.filter((f) => !copiesOfSame.includes(f)).sort()).toEqual([
      'lib/node_modules/dep/index.js',
      'node_modules/builtin/index.js',
      'node_modules/dep/index.js',
    ]);
  });

  it('a rebuild against the same install starts from what the last build learned', async () => {
    const cacheDir = join(root, '.cache-learned');
    const options = { cacheDir, watch: [join(root, 'lock.json')], inlinePackages: true };
    expect(await compiledEntry('main', join(root, 'main.ts'), options)).toBeDefined();
    const manifest = JSON.parse(readFileSync(join(cacheDir, 'main.json'), 'utf8')) as {
      learned: { kept: string[]; copies: Record<string, string> };
    };
    expect(manifest.learned.kept).toEqual(['located@1.0.0']);
    // Seeded with it, a build keeps `located` imported and bundles the same copy of `same` from its first resolve on.
    const seeded = new PackageInlining(manifest.learned);
    expect(seeded.resolved(join(root, 'node_modules/located/index.js'), 'import-statement')).toMatchObject({
      external: true,
    });
    for (const copy of ['node_modules', 'lib/node_modules'])
      expect(seeded.resolved(join(root, copy, 'same/index.js'), 'import-statement')).toEqual({
        path: join(root, 'lib/node_modules/same/index.js'),
      });
    // Nothing it resolved asks for another run (the build runs once).
    expect(seeded.rebuild()).toBe(false);
  });

  it('a rebuild takes what the manifest learned while the watched lock files are unchanged, not after', async () => {
    const cacheDir = join(root, '.cache-seeded');
    const lock = join(root, 'lock-seeded.json');
    writeFileSync(lock, '{}');
    const options = { cacheDir, watch: [lock], inlinePackages: true };
    await compiledEntry('main', join(root, 'main.ts'), options);
    expect(importedPackages(cacheDir)).toEqual(new Set(['located', 'native', 'ondemand']));
    // A manifest that learned to keep `builtin` imported: the next build (a source edited) starts from it.
    const manifestFile = join(cacheDir, 'main.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { learned: { kept: string[] } };
    manifest.learned.kept.push('builtin@1.0.0');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const main = readFileSync(join(root, 'main.ts'), 'utf8');
    writeFileSync(join(root, 'main.ts'), `${main}\n// edited\n`);
    try {
      await compiledEntry('main', join(root, 'main.ts'), options);
      expect(importedPackages(cacheDir)).toEqual(new Set(['located', 'native', 'ondemand', 'builtin']));
      // Another install (a lock file changed): nothing learned is taken, `builtin` is bundled again.
      writeFileSync(lock, '{"changed":true}');
      await compiledEntry('main', join(root, 'main.ts'), options);
      expect(importedPackages(cacheDir)).toEqual(new Set(['located', 'native', 'ondemand']));
    } finally {
      writeFileSync(join(root, 'main.ts'), main);
    }
  });
});
