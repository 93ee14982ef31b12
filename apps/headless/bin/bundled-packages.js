// Which npm packages the CLI's own bundles (compiled-entry.js) take in rather than import. A host's start imported
// ~900 files from node_modules one by one (zod alone ~370: three copies of the same version, one per workspace, each
// with every locale), and Node's loader resolving, reading and linking each file was most of its ~1 CPU-s: in the
// bundle they are read once, tree-shaken, and one copy of a version serves every workspace that imports it.
//
// A package stays an import when it cannot work from inside a bundle: a native addon (it loads its `.node` file
// relative to itself), or one whose code finds files by its own location (`__dirname`, `__filename`,
// `require.resolve`: worker scripts, transports). The latter is seen as its files are loaded, and the build then runs
// again with that package imported (inlining.rebuild()). A package the code imports with `import()` (loaded on
// demand: the OpenTelemetry SDK) stays an import too: esbuild's chunk for an `import()` of a CommonJS module exports
// only its `default`, where Node's import gives the named exports as well.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A path under node_modules: the package's folder (the last `node_modules/<name>` or `node_modules/@scope/<name>`)
 * and the rest.
 */
const PACKAGE_FILE = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/](.+)$/;
/** Code that finds files by its own location: from inside a bundle it would look beside the bundle. */
const OWN_LOCATION = /\b__dirname\b|\b__filename\b|\brequire\.resolve\s*\(/;
/** The banner of every output file: the `require` an inlined CommonJS module calls (Node built-ins, kept packages). */
export const REQUIRE_BANNER = [
  "import { createRequire as __switchboardRequire } from 'node:module';",
  'const require = __switchboardRequire(import.meta.url);',
].join(' ');

/** A package kept imported, as Node loads it: by URL from an `import`, by path from a `require` (no URLs there). */
export function keptImport(file, kind) {
  const required = kind === 'require-call' || kind === 'require-resolve';
  return { path: required ? file : pathToFileURL(file).href, external: true };
}

export class PackageInlining {
  /** Packages that stay imports (name@version, or the folder of one without a version). */
  #kept = new Set();
  /** Those found while loading, kept from the next build on. */
  #found = new Set();
  /**
   * name@version → the copy every importer of that version gets: the first by path of the folders seen with it (a
   * build that saw an earlier one builds again), so an install always gives the same bundle, whatever order esbuild
   * resolved in.
   */
  #copies = new Map();
  /** name@version → every folder seen with it. */
  #seen = new Map();
  /** Package folder → { id: name@version, native }. */
  #folders = new Map();

  /**
   * `learned`: what an earlier build of the same entry against the same install settled on (learned()), so that a
   * rebuild after a source changed runs once rather than again for what the first run would find.
   */
  constructor(learned = { kept: [], copies: {} }) {
    for (const key of learned.kept) this.#kept.add(key);
    for (const [id, folder] of Object.entries(learned.copies)) this.#copies.set(id, folder);
  }

  /** What this build settled on: the packages kept imported and the copy bundled of each version. */
  learned() {
    return { kept: [...this.#kept].sort(), copies: Object.fromEntries([...this.#copies].sort()) };
  }

  /** What esbuild gets for a file it resolved under node_modules (`kind`: esbuild's kind of import). */
  resolved(file, kind) {
    const parts = PACKAGE_FILE.exec(file);
    if (!parts) return keptImport(file, kind);
    const { id, native } = this.#folder(parts[1]);
    const same = join(this.#copyOf(parts[1]), parts[2]);
    const kept = native || kind === 'dynamic-import' || this.#kept.has(id ?? parts[1]);
    return kept ? keptImport(same, kind) : { path: same };
  }

  /** Called with each file loaded into the bundle: a package that finds files by its own location is kept imported. */
  loaded(file, contents) {
    const parts = PACKAGE_FILE.exec(file);
    if (parts && OWN_LOCATION.test(contents)) this.#found.add(this.#folder(parts[1]).id ?? parts[1]);
  }

  /**
   * True when the last build must run again: it took in a package that must stay imported (kept from now on), or
   * bundled a copy of a version while an earlier one by path was seen (that one from now on).
   */
  rebuild() {
    const more = [...this.#found].filter((key) => !this.#kept.has(key));
    for (const key of more) this.#kept.add(key);
    let moved = false;
    for (const [id, folders] of this.#seen) {
      const first = [...folders].sort()[0];
      if (this.#copies.get(id) === first) continue;
      this.#copies.set(id, first);
      moved = true;
    }
    return more.length > 0 || moved;
  }

  #copyOf(folder) {
    const { id } = this.#folder(folder);
    if (!id) return folder;
    if (!this.#copies.has(id)) this.#copies.set(id, folder);
    return this.#copies.get(id);
  }

  #folder(folder) {
    let known = this.#folders.get(folder);
    if (known) return known;
    let id;
    let native = existsSync(join(folder, 'binding.gyp'));
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
      if (manifest.name && manifest.version) id = `${manifest.name}@${manifest.version}`;
      native ||= manifest.gypfile === true;
    } catch {
      // no package.json: its own copy, inlined
    }
    known = { id, native };
    this.#folders.set(folder, known);
    if (id) this.#seen.set(id, (this.#seen.get(id) ?? new Set()).add(folder));
    return known;
  }
}
