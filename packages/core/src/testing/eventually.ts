/** Polls `probe` until it returns a truthy value (or stops throwing), else fails with the last reason. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  patienceMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + patienceMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
