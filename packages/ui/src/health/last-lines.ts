import type { Client } from '@switchboard/protocol';

/** pane.read takes at most 32 targets. */
const READ_BATCH = 32;

/** The last non-blank line of a screen, trimmed, or null. */
export function lastLineOf(lines: readonly string[]): string | null {
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index]!.trim();
    if (line) return line;
  }
  return null;
}

/**
 * The last non-blank line of each agent's screen as its program printed it (`pane.read` with `logical`: a line
 * the terminal soft-wrapped is one line, not its wrapped tail), in batches of 32; a batch that fails (an
 * agent without a pane) is read one by one, and an agent that still fails is left out.
 */
export async function readLastLines(
  client: Client,
  agentIds: readonly string[],
): Promise<Record<string, string | null>> {
  const found: Record<string, string | null> = {};
  const read = async (targets: string[]) => {
    const { screens } = await client.call('pane.read', { targets, lines: 20, logical: true });
    screens.forEach((screen, index) => (found[targets[index]!] = lastLineOf(screen.lines)));
  };
  for (let start = 0; start < agentIds.length; start += READ_BATCH) {
    const batch = agentIds.slice(start, start + READ_BATCH);
    // Swallowed on purpose: one agent's line failing leaves only its line empty; the next refresh tries again.
    await read(batch).catch(() => Promise.all(batch.map((id) => read([id]).catch(() => undefined))));
  }
  return found;
}
