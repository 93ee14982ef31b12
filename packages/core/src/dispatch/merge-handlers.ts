/** The maps given, as one map: what every argument has, each key typed as its own map types it. */
type Merged<T extends readonly object[]> = T extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? Head & Merged<Rest>
  : unknown;

/**
 * Merges the domains' handler maps into one, refusing a command two maps handle: with a spread the later map's
 * handler silently replaced the earlier one, so a command could keep a second handler that never ran (the fleet
 * domain's `agent.spawn`, shadowed by spawning's, until session 27). One way to run each command.
 */
export function mergeHandlers<T extends readonly object[]>(...maps: T): Merged<T> {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [name, handler] of Object.entries(map)) {
      if (Object.hasOwn(merged, name)) throw new Error(`two handlers for the command ${name}: keep one`);
      merged[name] = handler;
    }
  }
  return merged as Merged<T>;
}
