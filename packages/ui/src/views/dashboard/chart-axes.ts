/** Every chart counts (agents, screen updates, messages): whole-number ticks only, never 0.25 of an agent. */
export const WHOLE_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000,
];
/**
 * The y axis as wide as its ticks (10 px), their gap (5) and the longest label (~8 px a character at the axis
 * font) with room to spare: a fixed 40 px clipped '0.75' and would clip '10,000' on the left.
 */
export const yAxisSize = (_self: unknown, values: string[] | null) =>
  24 + 8 * Math.max(1, ...(values ?? []).map((value) => value.length));
