import type { KeyName, ScreenSnapshot } from '../../ports/terminal-backend';
import type { WriteOrigin } from './write-origin';

/** What blocks a writer right now. */
export interface PaneBlock {
  reason: 'prompt' | 'human';
  /** A sentence for people: what it waits for. */
  message: string;
  paneId: string;
  agentId: string | null;
  /** The open permission item of the prompt, when one was raised. */
  approvalId: string | null;
  question: string | null;
  /** When the human's quiet period ends (ISO), for `human`. */
  until: string | null;
}

export interface PaneWrite {
  paneId: string;
  origin: WriteOrigin;
  /** Typed as is (a paste); control characters act as keys, so callers that type data strip them. */
  text?: string;
  /** Pressed in order after the text, each its own write of its bytes in the contract's one key table (`enter`, `ctrl+c`). */
  keys?: readonly KeyName[];
  /** After the text: wait for the paste to land, check again, press Enter. */
  submit?: boolean;
  /** Pause before each key (TUIs read keys pressed too close together as one sequence). */
  keyGapMs?: number;
  /** `refuse` (default): a blocked write throws `conflict`. `hold`: it returns `held` and writes nothing. */
  whenBlocked?: 'refuse' | 'hold';
}

export type GateResult =
  | { status: 'written'; submitted: boolean; screenBeforeSubmit: ScreenSnapshot | null }
  | { status: 'held'; block: PaneBlock };
