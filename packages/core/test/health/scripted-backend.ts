import {
  createMemoryBackend,
  type BackendEvent,
  type PaneAppearance,
  type ScreenSnapshot,
  type TerminalBackend,
} from '../../src/index';

/** The memory backend with screens a test sets by hand and backend events a test emits. */
export function scriptedBackend() {
  const inner = createMemoryBackend();
  const screens = new Map<string, ScreenSnapshot>();
  const appearances = new Map<string, PaneAppearance[]>();
  const listeners = new Set<(event: BackendEvent) => void>();
  const emit = (event: BackendEvent) => listeners.forEach((l) => l(event));
  inner.onEvent(emit);
  let reads = 0;
  const backend: TerminalBackend = {
    ...inner,
    async readScreen(paneId) {
      reads++;
      return screens.get(paneId) ?? { lines: [], cursor: { x: 0, y: 0 } };
    },
    async setAppearance(paneId, appearance) {
      appearances.set(paneId, [...(appearances.get(paneId) ?? []), appearance]);
      await inner.setAppearance(paneId, appearance);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    backend,
    appearances,
    get reads() {
      return reads;
    },
    /** Puts `lines` on the pane's screen (cursor at the end of the last line) and reports output. */
    show(paneId: string, lines: string[], cursor?: { x: number; y: number }) {
      screens.set(paneId, {
        lines,
        cursor: cursor ?? { x: (lines.at(-1) ?? '').length, y: Math.max(0, lines.length - 1) },
      });
      emit({ type: 'pane.output', paneId });
    },
    emit,
  };
}

/** Lets pending promise callbacks (screen reads) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
