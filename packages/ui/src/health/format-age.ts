/** A duration as a person reads it at a glance: "4s", "12m", "3h 5m", "2d 4h"; null as "—". */
export function formatAge(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d ${hours % 24}h` : `${days}d`;
}

/** "—", "< 10s ago" (in the output-rate bucket under way), or "40s ago" (at least; the end of its bucket). */
export function lastOutputText(row: {
  lastOutputAgeMs: number | null;
  lastOutputResolutionMs: number | null;
}): string {
  if (row.lastOutputAgeMs === null) return '—';
  if (row.lastOutputResolutionMs !== null && row.lastOutputAgeMs < 1000)
    return `< ${formatAge(row.lastOutputResolutionMs)} ago`;
  return `${formatAge(row.lastOutputAgeMs)} ago`;
}
