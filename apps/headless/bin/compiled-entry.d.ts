/** Where the CLI's bundles are kept (apps/headless/.cache). */
export const cacheDir: string;

/** The CLI's entries (name → source under apps/headless). */
export const entries: { hook: string; mcp: string; cli: string };

export interface CompiledEntryOptions {
  /** Where the bundle and its manifest go (default: apps/headless/.cache). */
  cacheDir?: string;
  /** More files whose change forces a rebuild (default: the install's package-lock files). */
  watch?: string[];
  /** Take npm packages into the bundle (bin/bundled-packages.js) rather than import them (default: for the CLI's own entries). */
  inlinePackages?: boolean;
}

/** The file URL of an up-to-date bundle of `source`, or undefined when it cannot be built (run it with tsx). */
export function compiledEntry(
  name: string,
  source: string,
  options?: CompiledEntryOptions,
): Promise<string | undefined>;

/**
 * Brings the bundles of several entries (name → source) up to date in one esbuild run, so the modules they share are
 * compiled once; `compiledEntry` then finds each fresh. Rejects when they cannot be built.
 */
export function compileEntries(
  sources: Record<string, string>,
  options?: CompiledEntryOptions,
): Promise<void>;
