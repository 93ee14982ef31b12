import { z } from 'zod';
import { AgentState } from './agent';
import { Id, Timestamp } from './ids';

/** Where a piece of evidence about an agent's state came from. */
export const SignalSource = z.enum([
  'backend', // the terminal host itself is disconnected (the agent cannot be seen at all)
  'hook', // a Claude Code hook the agent's CLI ran (authoritative)
  'declared', // the agent said so itself: OSC 1337 SetUserVar / Custom escape sequence
  'prompt_mark', // OSC 133 shell-integration marks and exit codes
  'screen', // a per-CLI detector over the screen
  'output', // whether output is flowing
  'process', // whether the pane's process is alive
]);
export type SignalSource = z.infer<typeof SignalSource>;

/** One piece of evidence: which source, what state it points to, and a short human-readable reason. */
export const HealthSignal = z.object({
  source: SignalSource,
  state: AgentState,
  detail: z.string().max(300),
  at: Timestamp,
});
export type HealthSignal = z.infer<typeof HealthSignal>;

/** `high`: two independent signals agree; `low`: one heuristic alone decided. */
export const Confidence = z.enum(['high', 'low']);
export type Confidence = z.infer<typeof Confidence>;

/** What Switchboard believes an agent is doing, and why. */
export const HealthState = z.object({
  agentId: Id,
  state: AgentState,
  since: Timestamp,
  confidence: Confidence,
  /** The signals behind the state, strongest first. */
  signals: z.array(HealthSignal),
  /** The detector saw no pattern it knows for a while although output flowed: flagged, not guessed. */
  unsure: z.boolean(),
  /** The detector that read the screen (`claude`, `codex`, `gemini`, `shell`). */
  detector: z.string(),
});
export type HealthState = z.infer<typeof HealthState>;

/** One entry of an agent's state history. */
export const HealthTransition = z.object({
  state: AgentState,
  since: Timestamp,
  confidence: Confidence,
  unsure: z.boolean(),
  signals: z.array(HealthSignal),
});
export type HealthTransition = z.infer<typeof HealthTransition>;

/** Screen updates per bucket: the dashboard's output-rate sparkline. */
export const OutputRateSeries = z.object({
  bucketMs: z.number().int().positive(),
  points: z.array(z.object({ at: Timestamp, updates: z.number().int().nonnegative() })),
});
export type OutputRateSeries = z.infer<typeof OutputRateSeries>;

/** Claude Code hook events Switchboard listens to (settings.json `hooks`). */
export const HookEventName = z.enum([
  'Notification',
  'PreToolUse',
  'PostToolUse',
  'UserPromptSubmit',
  'Stop',
  'SessionStart',
  'SessionEnd',
]);
export type HookEventName = z.infer<typeof HookEventName>;
