import { DEFAULT_RECOVERY_POLICY, RecoveryStep, type RecoveryPolicy } from '@switchboard/protocol';

export type Ladder = RecoveryPolicy['hungLadder'];

/** One row of a ladder being edited: a step, and whether the ladder uses it (rows in ladder order). */
export interface LadderRow {
  step: RecoveryStep;
  on: boolean;
}

export const sameLadder = (a: readonly RecoveryStep[], b: readonly RecoveryStep[]): boolean =>
  a.length === b.length && a.every((step, i) => step === b[i]);

/** A ladder in words: its steps in order, or what an empty one means for that trigger. */
export function ladderText(ladder: readonly RecoveryStep[], emptyMeans: string): string {
  return ladder.length === 0 ? `none: ${emptyMeans}` : ladder.join(' → ');
}

/** Every step once: the ladder's own steps first, in its order (a repeated step once), then the unused ones. */
export function rowsOf(ladder: readonly RecoveryStep[]): LadderRow[] {
  const used = [...new Set(ladder)];
  const unused = RecoveryStep.options.filter((step) => !used.includes(step));
  return [...used.map((step) => ({ step, on: true })), ...unused.map((step) => ({ step, on: false }))];
}

export const ladderOf = (rows: readonly LadderRow[]): Ladder => rows.filter((r) => r.on).map((r) => r.step);

/** The rows with the one at `index` moved `by` places (up is negative); out of range changes nothing. */
export function moveRow(rows: readonly LadderRow[], index: number, by: number): LadderRow[] {
  const to = index + by;
  if (to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  const [row] = next.splice(index, 1);
  next.splice(to, 0, row!);
  return next;
}

export const toggleRow = (rows: readonly LadderRow[], index: number): LadderRow[] =>
  rows.map((row, i) => (i === index ? { ...row, on: !row.on } : row));

/** A duration in the words the panel uses: "30 s", "2 min", "1 h 30 min", "0 s". */
export function durationText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** The hang thresholds in words: the default, then CLI kinds and roles grouped by their value. */
export function hungAfterText(hungAfter: RecoveryPolicy['hungAfterMs']): string {
  const grouped = (entries: [string, number | undefined][]) => {
    const byValue = new Map<number, string[]>();
    for (const [name, ms] of entries)
      if (ms !== undefined) byValue.set(ms, [...(byValue.get(ms) ?? []), name]);
    return [...byValue].map(([ms, names]) => `${names.join(', ')} ${durationText(ms)}`);
  };
  return [
    `${durationText(hungAfter.default)} by default`,
    ...grouped(Object.entries(hungAfter.kinds)),
    ...grouped(Object.entries(hungAfter.roles)).map((text) => `role ${text}`),
  ].join('; ');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Which parts of the panel's policy differ from the default (the names the panel shows them under). */
export function changedFromDefault(policy: RecoveryPolicy): string[] {
  const d = DEFAULT_RECOVERY_POLICY;
  return [
    ...(same(policy.hungAfterMs, d.hungAfterMs) ? [] : ['hang thresholds']),
    ...(sameLadder(policy.hungLadder, d.hungLadder) ? [] : ['hung ladder']),
    ...(sameLadder(policy.exitedLadder, d.exitedLadder) ? [] : ['exited ladder']),
    ...RecoveryStep.options
      .filter((step) => !same(policy.steps[step], d.steps[step]))
      .map((s) => `${s} bounds`),
    ...(same(policy.globalRate, d.globalRate) ? [] : ['rate limit']),
    ...(same(policy.breaker, d.breaker) ? [] : ['breaker']),
  ];
}
