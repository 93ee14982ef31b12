import type { AgentKind, AgentState, SignalSource } from '@switchboard/protocol';
import type { ScreenVerdict } from './detectors/screen-detector';

/** Timings of state detection, in milliseconds. */
export interface HealthTimings {
  /** A heuristic state must hold this long before it replaces the current one (while the screen settles). */
  debounceMs: number;
  /** The longest such hold, while the screen flickers: each recent flicker doubles the hold up to this. */
  flickerDebounceMs: number;
  /** How long a flicker counts. */
  flickerWindowMs: number;
  /** Output within this window counts as "output flowing". */
  outputRecentMs: number;
  /** No known pattern on screen this long while output flows: flagged as unsure. */
  unsureAfterMs: number;
  /** A hook's state yields to a screen that has contradicted it for this long (a missed Stop, an Esc). */
  hookStaleMs: number;
}

export const DEFAULT_TIMINGS: HealthTimings = {
  debounceMs: 100,
  flickerDebounceMs: 800,
  flickerWindowMs: 3000,
  outputRecentMs: 1500,
  unsureAfterMs: 10_000,
  hookStaleMs: 15_000,
};

/** An explicit report with a state: a hook, or a state the agent declared itself. */
export interface Report {
  state: AgentState;
  detail: string;
  at: number;
}

/** Where OSC 133 marks left the shell: at a prompt (with the last exit status) or running a command. */
export interface PromptEvidence {
  phase: 'prompt' | 'running';
  lastExitStatus: number | undefined;
  at: number;
}

/** Everything known about one agent's pane, as plain data; `decide` turns it into a state. */
export interface Evidence {
  kind: AgentKind;
  alive: boolean;
  /** Why `alive` went false, when more is known than "the process ended": the pane closed under it, or the exit status. */
  exitDetail?: string;
  hook?: Report;
  declared?: Report;
  prompt?: PromptEvidence;
  /** The latest screen verdict (undefined: no known pattern) and since when that verdict has held. */
  screen?: { verdict: ScreenVerdict | undefined; since: number; at: number };
  lastOutputAt?: number;
  /** No heartbeat since `since` for `thresholdMs` while working (set by the heartbeat timer, cleared by a heartbeat). */
  silence?: { since: number; thresholdMs: number; at: number };
  /** The terminal host is disconnected since `at`: nothing else about the agent can be known. */
  unreachable?: { backend: string; at: number };
}

/** A signal while deciding; time is a number here and becomes ISO text at the boundary. */
export interface RawSignal {
  source: SignalSource;
  state: AgentState;
  detail: string;
  at: number;
  /** States this signal agrees with besides its own (a running command fits "working" and "waiting"). */
  alsoFits?: readonly AgentState[];
}
