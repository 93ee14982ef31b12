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

/**
 * The least room between two time ticks, in px: two neighbouring labels ("12:50 PM" beside "1:00 PM", ~7 px a
 * character at the axis font) fit side by side.
 */
export const TIME_TICK_SPACE = 60;

const clockTime = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const calendarDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/**
 * The time axis's labels, one line each: the clock time ("9:07 PM"), and for ticks less than a minute apart the
 * seconds alone between whole minutes (":50"), as uPlot writes them. uPlot's own labels also put a second line
 * (date and time) under the first tick and under each new minute; on a chart a third of 1280 px wide with ticks
 * 10 s apart, "12/7/26 9:06pm" ran into the next minute's "9:07pm" and lost its first digit at the canvas's edge.
 * `ticks` in seconds since the epoch, `step` the seconds between them.
 */
export function timeTickLabels(ticks: readonly number[], step: number): string[] {
  return ticks.map((tick) =>
    step >= 86_400
      ? calendarDay.format(tick * 1000)
      : step < 60 && tick % 60 !== 0
        ? `:${String(Math.round(tick % 60)).padStart(2, '0')}`
        : clockTime.format(tick * 1000),
  );
}

/**
 * The time axis's range, in seconds: the data's own, but a minute either side of a single point. uPlot spreads a
 * lone time value over 86,400 / 0.001 s (its seconds mode turns "a day" into ~2.7 years), so the output-rate chart's
 * first bucket, alone after a start, drew an empty chart with a tick each new year ("12:00 AM" five times).
 */
export function timeRange(min: number, max: number): [number, number] {
  return min === max ? [min - 60, max + 60] : [min, max];
}
