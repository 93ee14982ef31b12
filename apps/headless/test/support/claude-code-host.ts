import type { Host } from '@switchboard/host';
import { humanCaller } from '@switchboard/protocol';

/** Calls to `host()` as the human, and an agent's screen with its scrollback (what waits probe and failures tell). */
export function humanCalls(host: () => Host) {
  const call = <T>(name: string, input: unknown) =>
    host().orchestrator.invoke(humanCaller, name, input) as Promise<T>;
  const screenOf = async (agent: string) =>
    (
      await call<{ screens: { lines: string[] }[] }>('pane.read', {
        targets: [agent],
        lines: 200,
        scrollback: true,
      })
    ).screens[0]!.lines.join('\n');
  return { call, screenOf };
}

export interface UntilOptions {
  timeoutMs?: number;
  /** What to tell beside the timeout (e.g. the pane's screen then): a flake says what it saw. */
  context?: () => Promise<string>;
}

/**
 * Polls `probe` every 300 ms (probes read screens through the host: no faster) until it gives a value; a probe
 * that throws has not given one yet. On timeout, says what it waited for and the context.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 150_000, context }: UntilOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${context ? `\n${await context()}` : ''}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
