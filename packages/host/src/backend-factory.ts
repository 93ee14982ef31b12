import { createMemoryBackend } from '@switchboard/core';
import type { TerminalBackend } from '@switchboard/core';

export const BACKEND_KINDS = ['auto', 'iterm2', 'sim', 'memory'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

export interface BackendChoice {
  kind: BackendKind;
  iterm2Socket?: string;
}

/** Picks and starts the terminal backend. `auto` becomes `memory` until the iTerm2 backends land. */
export async function createBackend(choice: BackendChoice): Promise<{ backend: TerminalBackend; resolved: BackendKind }> {
  switch (choice.kind) {
    case 'auto':
    case 'memory':
      return { backend: createMemoryBackend(), resolved: 'memory' };
    case 'iterm2':
    case 'sim':
      throw new Error(`The "${choice.kind}" backend is not available in this build yet; use --backend memory.`);
  }
}
