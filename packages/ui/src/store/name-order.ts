const collator = new Intl.Collator(undefined, { numeric: true });

/**
 * Names in the order a person counts them: digits as numbers, so `t0-2` comes before `t0-10` (batches and
 * fleet files name agents `<prefix>-<n>`; a plain string compare put `-10` … `-19` between `-1` and `-2`).
 */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}
