import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compileEntries, compiledEntry } from '../bin/compiled-entry.js';

const cliEntry = resolve(import.meta.dirname, '../bin/switchboard.js');
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A small project: TypeScript sources, one package installed at the root and another version under `lib/`. */
function project() {
  const root = mkdtempSync(join(tmpdir(), 'sb-compiled-'));
  folders.push(root);
  const write = (path: string, text: string) => {
    mkdirSync(resolve(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const pkg = (dir: string, version: string) => {
    // A "module" condition Node ignores (a bundler's default picks it): the bundle must import what Node would.
    write(
      `${dir}/node_modules/dep/package.json`,
      JSON.stringify({
        name: 'dep',
        type: 'module',
        exports: { '.': { module: './wrong.js', default: './index.js' } },
      }),
    );
    write(`${dir}/node_modules/dep/index.js`, `export const version = '${version}';`);
    write(`${dir}/node_modules/dep/wrong.js`, `export const version = 'module condition';`);
  };
  pkg('.', 'root 1.0');
  pkg('lib', 'lib 2.0');
  write('lib/helper.ts', `import { version } from 'dep';\nexport const libDep: string = version;\n`);
  write('lib/value.ts', `export const value: number = 1;\n`);
  write(
    'main.ts',
    [
      `import { version } from 'dep';`,
      `import { libDep } from './lib/helper';`,
      `import { value } from './lib/value';`,
      `export const rootDep: string = version;`,
      `export { libDep, value };`,
      `export const here: string = import.meta.url;`,
    ].join('\n'),
  );
  write('lock.json', '{}');
  const options = { cacheDir: join(root, '.cache'), watch: [join(root, 'lock.json')] };
  return { root, write, options, bundle: join(root, '.cache', 'main.mjs') };
}

/** Imports a bundle afresh (a new URL each time: the module cache would return the first one). */
let loads = 0;
const load = async (url: string) =>
  (await import(`${url}?load=${++loads}`)) as {
    rootDep: string;
    libDep: string;
    value: number;
    here: string;
  };

describe('the compiled CLI entry', () => {
  it('bundles the sources; each file keeps its own packages (as Node resolves them) and its own import.meta.url', async () => {
    const { root, options } = project();
    const url = await compiledEntry('main', join(root, 'main.ts'), options);
    expect(url).toBe(pathToFileURL(join(root, '.cache', 'main.mjs')).href);
    const entry = await load(url!);
    expect(entry).toMatchObject({ rootDep: 'root 1.0', libDep: 'lib 2.0', value: 1 });
    expect(entry.here).toBe(pathToFileURL(join(root, 'main.ts')).href);
  });

  it('is reused while nothing changed, and rebuilt when a source or the install changed', async () => {
    const { root, write, options, bundle } = project();
    const first = await compiledEntry('main', join(root, 'main.ts'), options);
    const built = statSync(bundle).mtimeMs;
    expect(await compiledEntry('main', join(root, 'main.ts'), options)).toBe(first);
    expect(statSync(bundle).mtimeMs).toBe(built);

    // An edited source (a longer value: a new size, whatever the clock's resolution) is compiled again.
    write('lib/value.ts', `export const value: number = 12345;\n`);
    expect((await load((await compiledEntry('main', join(root, 'main.ts'), options))!)).value).toBe(12345);

    // A changed install (the lock file) too, even with no source touched.
    const manifest = () =>
      JSON.parse(readFileSync(join(root, '.cache', 'main.json'), 'utf8')) as { bundle: string };
    const rebuilt = manifest().bundle;
    expect(await compiledEntry('main', join(root, 'main.ts'), options)).toBe(first);
    expect(manifest().bundle).toBe(rebuilt);
    write('lock.json', '{"changed": true}');
    await compiledEntry('main', join(root, 'main.ts'), options);
    expect(manifest().bundle).not.toBe(rebuilt);
  });

  it('several entries built in one run share their chunks; each is then fresh for compiledEntry, and rebuilt as it would be', async () => {
    const { root, write, options } = project();
    write('other.ts', `import { value } from './lib/value';\nexport const doubled: number = value * 2;\n`);
    const sources = { main: join(root, 'main.ts'), other: join(root, 'other.ts') };
    await compileEntries(sources, options);
    const cache = join(root, '.cache');
    const builtAt = (name: string) => statSync(join(cache, `${name}.mjs`)).mtimeMs;
    const before = { main: builtAt('main'), other: builtAt('other') };
    // The module both import is one chunk, which both manifests vouch for.
    const outputs = (name: string) =>
      Object.keys(
        (JSON.parse(readFileSync(join(cache, `${name}.json`), 'utf8')) as { outputs: Record<string, string> })
          .outputs,
      ).filter((f) => f.endsWith('.mjs'));
    expect(outputs('main').filter((f) => f.includes('shared-chunks'))).toHaveLength(1);
    expect(outputs('other')).toEqual(outputs('main'));

    const main = await load((await compiledEntry('main', sources.main, options))!);
    const other = (await load((await compiledEntry('other', sources.other, options))!)) as unknown as {
      doubled: number;
    };
    expect(main).toMatchObject({ rootDep: 'root 1.0', libDep: 'lib 2.0', value: 1 });
    expect(main.here).toBe(pathToFileURL(sources.main).href);
    expect(other.doubled).toBe(2);
    // Fresh: neither was built again, nor by a second run of all.
    await compileEntries(sources, options);
    expect({ main: builtAt('main'), other: builtAt('other') }).toEqual(before);

    // The shared source edited: each is stale, and built again (alone, by compiledEntry) with the new value.
    write('lib/value.ts', `export const value: number = 12345;\n`);
    expect((await load((await compiledEntry('main', sources.main, options))!)).value).toBe(12345);
    const again = (await load((await compiledEntry('other', sources.other, options))!)) as unknown as {
      doubled: number;
    };
    expect(again.doubled).toBe(24690);
  });

  it('a bundle changed or removed behind its back is rebuilt, not run', async () => {
    const { root, options, bundle } = project();
    await compiledEntry('main', join(root, 'main.ts'), options);
    writeFileSync(bundle, 'throw new Error("tampered");\n');
    expect((await load((await compiledEntry('main', join(root, 'main.ts'), options))!)).value).toBe(1);
    rmSync(bundle);
    expect((await load((await compiledEntry('main', join(root, 'main.ts'), options))!)).value).toBe(1);
  });

  it('a module loaded with await import() is a chunk of its own: its packages load when it runs, not at start', async () => {
    const { root, write, options, bundle } = project();
    // A package that says when it is evaluated, imported only by a lazily loaded module (as a CLI command is).
    write('node_modules/heavy/package.json', JSON.stringify({ name: 'heavy', type: 'module' }));
    write(
      'node_modules/heavy/index.js',
      `globalThis.heavyLoads = (globalThis.heavyLoads ?? 0) + 1;\nexport const heavy = 'heavy';`,
    );
    write('lib/command.ts', `import { heavy } from 'heavy';\nexport const run = (): string => heavy;\n`);
    write(
      'main.ts',
      `export const value: number = 1;\nexport const command = async (): Promise<string> => (await import('./lib/command')).run();\n`,
    );
    const loads = () => (globalThis as { heavyLoads?: number }).heavyLoads ?? 0;
    const before = loads();
    const entry = (await load((await compiledEntry('main', join(root, 'main.ts'), options))!)) as unknown as {
      value: number;
      command: () => Promise<string>;
    };
    expect(entry.value).toBe(1);
    expect(loads()).toBe(before);
    expect(await entry.command()).toBe('heavy');
    expect(loads()).toBe(before + 1);

    // A chunk removed behind the build's back is built again before the entry is handed out.
    const manifest = JSON.parse(readFileSync(join(root, '.cache', 'main.json'), 'utf8')) as {
      outputs: Record<string, string>;
    };
    const chunks = Object.keys(manifest.outputs).filter(
      (f) => f.includes('main-chunks') && f.endsWith('.mjs'),
    );
    expect(chunks.length).toBeGreaterThan(0);
    rmSync(chunks[0]!);
    await compiledEntry('main', join(root, 'main.ts'), options);
    expect(statSync(chunks[0]!).isFile()).toBe(true);
    expect(statSync(bundle).isFile()).toBe(true);
  });

  it('sources that do not compile give no entry (the CLI then runs them with tsx, which reports the error)', async () => {
    const { root, write, options } = project();
    write('lib/value.ts', `export const value: number = ;\n`);
    expect(await compiledEntry('main', join(root, 'main.ts'), options)).toBeUndefined();
  });

  it('the real CLI runs from its bundle, and through tsx when SWITCHBOARD_TSX=1 asks for it', () => {
    const help = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [cliEntry, 'help', 'hook'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024, // NODE_DEBUG=esm names every module loaded
      });
    const compiled = help({ SWITCHBOARD_TSX: '', NODE_DEBUG: 'esm' });
    const tsx = help({ SWITCHBOARD_TSX: '1', NODE_DEBUG: 'esm' });
    for (const run of [compiled, tsx]) {
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Usage: switchboard hook');
    }
    expect(compiled.stderr).toMatch(/\.cache\/cli\.mjs/);
    expect(compiled.stderr).not.toMatch(/node_modules\/tsx\//);
    expect(tsx.stderr).toMatch(/node_modules\/tsx\//);
  }, 90_000); // two CLI processes naming every module they load, and a build when the sources just changed
});
