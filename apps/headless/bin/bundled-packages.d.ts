/** What a build of one CLI entry settled on: packages kept imported (name@version) and the copy bundled of each version. */
export interface LearnedPackages {
  kept: string[];
  copies: Record<string, string>;
}

/** Which npm packages a CLI bundle takes in, and which copy of each version (bundled-packages.js). */
export class PackageInlining {
  constructor(learned?: LearnedPackages);
  /** What esbuild gets for a file it resolved under node_modules. */
  resolved(file: string, kind: string): { path: string; external?: boolean };
  loaded(file: string, contents: string): void;
  rebuild(): boolean;
  learned(): LearnedPackages;
}

export const REQUIRE_BANNER: string;
export function keptImport(file: string, kind: string): { path: string; external: true };
