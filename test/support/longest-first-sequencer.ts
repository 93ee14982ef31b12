// The order Vitest starts test files in: the longest first, by the durations committed in
// test/vitest-durations.json (refreshed by `node scripts/vitest-durations.js` after a run).
//
// Why: two workers take files from one queue; the lane ends when the last file ends. Without its cache
// (a clean clone, CI) Vitest starts the largest files first, and file size says little about time: the
// 112 s boundary fuzz started 385 s into a 908 s run. Longest first, the short files fill the end.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const DURATIONS_FILE = new URL('../vitest-durations.json', import.meta.url);

/**
 * Seconds per test file (path relative to the repository root), as measured in a recent whole run. With `stress`
 * (STRESS=1), the files' `stressSeconds` where measured: the heavy loops take 10-600× their usual time there (a
 * 0.5 s property test took 102 s), and started last by their usual time they made the run's tail.
 */
export function readDurations(
  file: URL = DURATIONS_FILE,
  stress = process.env['STRESS'] === '1',
): Record<string, number> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { seconds?: unknown; stressSeconds?: unknown };
    return { ...numbers(parsed.seconds), ...(stress ? numbers(parsed.stressSeconds) : {}) };
  } catch {
    return {};
  }
}

function numbers(table: unknown): Record<string, number> {
  if (typeof table !== 'object' || table === null) return {};
  return Object.fromEntries(
    Object.entries(table).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
}

export class LongestFirstSequencer extends BaseSequencer {
  constructor(
    ctx: ConstructorParameters<typeof BaseSequencer>[0],
    private readonly durationsFile: URL = DURATIONS_FILE,
    private readonly stress = process.env['STRESS'] === '1',
  ) {
    super(ctx);
  }

  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = readDurations(this.durationsFile, this.stress);
    const root = this.ctx.config.root;
    // Vitest's own order first (projects together, then its cache or file size), kept for ties and new files.
    const base = await super.sort(files);
    const rank = new Map(base.map((spec, index) => [spec, index]));
    const duration = (spec: TestSpecification) => seconds[relative(root, spec.moduleId)];
    return base.sort((a, b) => {
      // One project's files stay together: a worker keeps its module graph only while the next file is of the
      // same project.
      if (a.project.name !== b.project.name) return rank.get(a)! - rank.get(b)!;
      const [da, db] = [duration(a), duration(b)];
      // A file not measured yet (new) goes first: it may be long.
      if (da === undefined || db === undefined)
        return da === db ? rank.get(a)! - rank.get(b)! : da === undefined ? -1 : 1;
      return db - da || rank.get(a)! - rank.get(b)!;
    });
  }
}
