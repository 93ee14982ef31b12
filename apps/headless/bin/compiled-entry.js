// The CLI's TypeScript, compiled once into one ES module with esbuild and kept beside the sources
// (apps/headless/.cache/, ignored by git), so a command does not pay tsx's on-load compilation and per-module
// resolution each time it starts (`switchboard hook` runs on every Claude Code hook event).
//
// The bundle can never go stale: a manifest beside it records every source file it was built from (size and
// modification time) and the install it links against; when any differs, it is rebuilt before it runs. When it
// cannot be built (no esbuild, a read-only checkout), the caller falls back to tsx.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PackageInlining, REQUIRE_BANNER } from './bundled-packages.js';

/** Bumped when the way bundles are built changes, so bundles built the old way are rebuilt. */
const BUILD_FORMAT = 7;
const headless = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** `.cache` sits at the depth of `src`, so paths a bundled file computes from its own location still hold. */
export const cacheDir = join(headless, '.cache');
/** The package.json conditions this Node resolves with besides node/import/default (a Node that differs rebuilds). */
const conditions = process.features?.require_module ? ['module-sync'] : [];
/**
 * The CLI's entries: `hook` alone (Claude Code waits for it), `mcp` alone (the stdio relay a stdio-only MCP client
 * starts per session) and the whole CLI. bin/fast-path.js says which one a command line runs.
 */
export const entries = { hook: 'src/hook-main.ts', mcp: 'src/mcp-main.ts', cli: 'src/cli.ts' };
/**
 * The CLI's own entries take their npm packages in (bundled-packages.js: a host's start spent most of its CPU
 * loading ~900 package files one by one); other bundles (benches, test children) import them, as before.
 */
const takesPackagesIn = (name, entry) =>
  Object.hasOwn(entries, name) && resolve(headless, entries[name]) === entry;
/** Files outside the sources whose change means the bundle must be rebuilt: the installed dependencies. */
const installMarkers = ['../../package-lock.json', '../../node_modules/.package-lock.json'].map((p) =>
  resolve(headless, p),
);

/**
 * The file URL of an up-to-date bundle of `source` (absolute, or relative to apps/headless), built now if it is
 * missing or any file it was built from changed; undefined when it cannot be built (the caller runs the source
 * with tsx). `options.cacheDir`, `options.watch` (more files whose change forces a rebuild) and
 * `options.inlinePackages` (default: for the CLI's own entries) are for tests.
 */
export async function compiledEntry(name, source, options = {}) {
  const dir = options.cacheDir ?? cacheDir;
  const bundle = join(dir, `${name}.mjs`);
  const entry = resolve(headless, source);
  const inline = options.inlinePackages ?? takesPackagesIn(name, entry);
  if (isFresh(readManifest(join(dir, `${name}.json`)), bundle, inline)) return pathToFileURL(bundle).href;
  try {
    await build([{ name, entry }], dir, options.watch ?? installMarkers, inline);
    return pathToFileURL(bundle).href;
  } catch (error) {
    if (process.env['SWITCHBOARD_DEBUG_ENTRY'])
      process.stderr.write(`switchboard: no compiled entry (${error.message}); running with tsx\n`);
    return undefined;
  }
}

/**
 * Brings several bundles up to date in ONE esbuild run (name → source, as compiledEntry's): the modules they
 * share are read and compiled once, and `compiledEntry` then finds each one fresh. `npm test` builds its ~30
 * benches so: a build per bench cost 2-4 CPU-s each, mostly compiling the same host, core and SDK again. Throws
 * when they cannot be built.
 */
export async function compileEntries(sources, options = {}) {
  const dir = options.cacheDir ?? cacheDir;
  const all = Object.entries(sources).map(([name, source]) => ({ name, entry: resolve(headless, source) }));
  const inline = options.inlinePackages ?? all.every(({ name, entry }) => takesPackagesIn(name, entry));
  const stale = all.filter(
    ({ name }) => !isFresh(readManifest(join(dir, `${name}.json`)), join(dir, `${name}.mjs`), inline),
  );
  if (stale.length > 0) await build(stale, dir, options.watch ?? installMarkers, inline);
}

function readManifest(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The size and modification time of a file, as one comparable string; '-' for a file that is not there. */
function stamp(file) {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '-';
  }
}

function isFresh(manifest, bundle, inline) {
  if (manifest?.format !== BUILD_FORMAT || manifest.conditions !== conditions.join()) return false;
  if (manifest.packages !== (inline ? 'inline' : 'import')) return false;
  if (stamp(bundle) !== manifest.bundle) return false;
  for (const [file, recorded] of Object.entries(manifest.outputs ?? {}))
    if (stamp(file) !== recorded) return false;
  for (const [file, recorded] of Object.entries(manifest.inputs)) if (stamp(file) !== recorded) return false;
  return true;
}

/**
 * Bundles the entry and every workspace package it imports (TypeScript); any other package stays an import,
 * by the absolute path Node would resolve from the importing file (workspaces pin their own versions, e.g. of
 * zod), unless `inline` (the CLI's own entries): then npm packages are taken in too, each resolved from its
 * importer as Node would, one copy per name and version (bundled-packages.js; an install changes the lock files
 * watched, so a changed package rebuilds the bundle). `import.meta.url` in each file is its own source file's URL,
 * as under tsx, so files found next to a source (launcher scripts, the UI bundle) are found from the bundle too.
 */
async function build(entries, outDir, watch, inline) {
  const dir = resolve(outDir);
  const esbuild = await import('esbuild');
  const stampsBefore = new Map();
  // One entry's chunks go in `<name>-chunks/`; those of a build of several, which they share, in `shared-chunks/`.
  const chunkDir = entries.length === 1 ? `${entries[0].name}-chunks` : 'shared-chunks';
  const inlining = inline ? new PackageInlining(learnedBefore(entries, dir, watch)) : undefined;
  let result;
  do result = await esbuild.build(buildOptions(entries, dir, chunkDir, inlining, stampsBefore));
  while (inlining?.rebuild());
  writeBuild(entries, dir, result, stampsBefore, watch, inlining);
}

/**
 * What the last build of this one entry learned about its packages (bundled-packages.js), when it was built against
 * the same install (the watched lock files unchanged); nothing otherwise.
 */
function learnedBefore(entries, dir, watch) {
  const manifest = entries.length === 1 ? readManifest(join(dir, `${entries[0].name}.json`)) : undefined;
  if (!manifest?.learned || !watch.every((file) => manifest.inputs[file] === stamp(file))) return undefined;
  return manifest.learned;
}

/** esbuild's options; `inlining` (the CLI's own entries) takes npm packages in, else they stay imports. */
function buildOptions(entries, dir, chunkDir, inlining, stampsBefore) {
  return {
    entryPoints: entries.map(({ name, entry }) => ({ in: entry, out: name })),
    bundle: true,
    // Code splitting: each `await import()` of a command (cli.ts) is a chunk of its own (in `<name>-chunks/`), with
    // its own imports of npm packages. In one file esbuild hoists every package import to the top, so `switchboard
    // logs` or `mcp` loaded all the host's packages (SQLite, the terminal emulator, the MCP SDK…) before running.
    // Chunk names carry a hash of their content and old ones are kept: a process still running an older build
    // loads its own chunks later.
    splitting: true,
    outdir: dir,
    chunkNames: `${chunkDir}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    write: false,
    // Stack traces name the source files and lines (bin/switchboard.js turns source maps on).
    sourcemap: 'linked',
    sourcesContent: false,
    format: 'esm',
    platform: 'node',
    // The oldest Node the project supports (package.json engines): one bundle serves every Node that runs it
    // (the desktop app runs the hook under Electron's), without rebuilding whenever the two alternate.
    target: 'node20.19',
    metafile: true,
    // Node's own choice of a package's file (no "module" condition or field, which Node ignores).
    mainFields: ['main'],
    conditions,
    logLevel: 'silent',
    // An inlined CommonJS module's `require` of a Node built-in or a kept package (esbuild's ESM output has none).
    ...(inlining ? { banner: { js: REQUIRE_BANNER } } : {}),
    plugins: [
      {
        name: 'switchboard-sources',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined;
            const found = await b.resolve(args.path, {
              kind: args.kind,
              importer: args.importer,
              resolveDir: args.resolveDir,
              pluginData: 'resolving',
            });
            if (found.errors.length > 0 || !found.path) return undefined;
            // A workspace package's TypeScript is bundled; what comes from node_modules is taken in by the CLI's own
            // entries (bundled-packages.js), else stays a package import.
            if (!found.path.split(/[\\/]/).includes('node_modules')) return found;
            if (inlining) return inlining.resolved(found.path, args.kind);
            return { path: pathToFileURL(found.path).href, external: true };
          });
          b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
            stampsBefore.set(args.path, stamp(args.path));
            const url = JSON.stringify(pathToFileURL(args.path).href);
            const contents = readFileSync(args.path, 'utf8')
              .replaceAll('import.meta.url', url)
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.filename', JSON.stringify(args.path));
            inlining?.loaded(args.path, contents);
            return { contents, loader: /[jt]sx?$/.exec(args.path)[0] };
          });
        },
      },
    ],
  };
}

/** Writes the build's files and their manifests (one per entry). */
function writeBuild(entries, dir, result, stampsBefore, watch, inlining) {
  for (const file of result.outputFiles) mkdirSync(dirname(file.path), { recursive: true });
  const bundles = new Set(entries.map(({ name }) => join(dir, `${name}.mjs`)));
  // Each file written under a unique name and renamed (chunks and maps before the bundles that name them, each
  // manifest last): concurrent processes never read half a file, nor a manifest vouching for a bundle not yet there.
  const written = [
    ...result.outputFiles.filter((f) => !bundles.has(f.path)),
    ...result.outputFiles.filter((f) => bundles.has(f.path)),
  ];
  for (const file of written) replaceFile(file.path, file.contents);
  // Every source of the build, also those only types came from (a bundle of several: those of the others too).
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = isAbsolute(input) ? input : resolve(input);
    if (file.split(/[\\/]/).includes('node_modules')) continue;
    // Stamped as read: a source edited while the build ran is newer than the bundle and forces a rebuild.
    inputs[file] = stampsBefore.get(file) ?? stamp(file);
  }
  for (const file of watch) inputs[file] = stamp(file);
  for (const { name } of entries) {
    const bundle = join(dir, `${name}.mjs`);
    // Every chunk is checked as the bundle is: one changed or removed behind the build's back forces a rebuild.
    const manifest = {
      format: BUILD_FORMAT,
      conditions: conditions.join(),
      packages: inlining ? 'inline' : 'import',
      ...(inlining ? { learned: inlining.learned() } : {}),
      bundle: stamp(bundle),
      outputs: Object.fromEntries(loadedBy(result.metafile, bundle).map((path) => [path, stamp(path)])),
      inputs,
    };
    // What each file of the bundle was built from (npm packages included), for tests that check what a process loads.
    const sources = Object.fromEntries(
      [bundle, ...Object.keys(manifest.outputs)]
        .filter((path) => !path.endsWith('.map'))
        .map((path) => [path, builtFrom(result.metafile, path)]),
    );
    replaceFile(join(dir, `${name}.sources.json`), JSON.stringify(sources, null, 1));
    replaceFile(join(dir, `${name}.json`), JSON.stringify(manifest, null, 1));
  }
}

/** The absolute paths of the inputs an output file of the build holds code from. */
function builtFrom(metafile, output) {
  const meta = Object.entries(metafile.outputs).find(([path]) => resolve(path) === output)?.[1];
  return Object.keys(meta?.inputs ?? {}).map((input) => (isAbsolute(input) ? input : resolve(input)));
}

/**
 * The files a bundle loads besides itself: its source map, the chunks it imports and theirs (from esbuild's
 * metafile, whose paths are relative to the working directory).
 */
function loadedBy(metafile, bundle) {
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, meta]) => [resolve(path), meta]));
  const files = [];
  const pending = [bundle];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (files.includes(path) || !outputs.has(path)) continue;
    files.push(path);
    if (outputs.has(`${path}.map`)) files.push(`${path}.map`);
    for (const imported of outputs.get(path).imports)
      if (!imported.external) pending.push(resolve(imported.path));
  }
  return files.filter((path) => path !== bundle);
}

function replaceFile(path, contents) {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, contents);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

// `node apps/headless/bin/compiled-entry.js` builds the bundles ahead of their first use (`npm test` does, so
// no test's deadline pays for a build); exits 1 when one cannot be built.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, source] of Object.entries(entries)) {
    if (await compiledEntry(name, source)) continue;
    process.stderr.write(`could not build the ${name} bundle (SWITCHBOARD_DEBUG_ENTRY=1 says why)\n`);
    process.exitCode = 1;
  }
}
