import type { AgentState, Confidence, SignalSource } from '@switchboard/protocol';
import type { Evidence, HealthTimings, RawSignal } from './evidence';

/** What the evidence says right now. */
export interface Decision {
  state: AgentState;
  confidence: Confidence;
  unsure: boolean;
  /** The deciding signal first, then the others. */
  signals: RawSignal[];
  /** The source that decided; explicit sources (process, hook, declared) skip the debounce. */
  decidedBy: SignalSource | 'none';
  /** Applies without the debounce (entering and leaving `hung`: the heartbeat timer already waited). */
  immediate?: boolean;
}

/** CLIs with their own detector: an unrecognised screen means "unsure", not "shell output". */
const TUI_KINDS = new Set(['claude', 'codex', 'gemini']);

/**
 * Combines the signals into one state, by rank: process exit, then hooks, then what the agent
 * declared, then OSC 133 prompt marks at a prompt, then the screen, then a running command and
 * output recency. Confidence is high when a second, independent signal agrees with the decider.
 * Returns undefined when nothing says anything (the current state stands).
 */
export function decide(evidence: Evidence, now: number, timings: HealthTimings): Decision | undefined {
  if (evidence.unreachable) {
    const signal: RawSignal = {
      source: 'backend',
      state: 'unreachable',
      detail: `${evidence.unreachable.backend} is disconnected`,
      at: evidence.unreachable.at,
    };
    return {
      state: 'unreachable',
      confidence: 'high',
      unsure: false,
      signals: [signal],
      decidedBy: 'backend',
      immediate: true,
    };
  }
  const signals = collectSignals(evidence, now, timings);
  const decider = pickDecider(signals, evidence, now, timings);
  if (!decider) return unsureOrNothing(evidence, signals, now, timings);
  const others = signals.filter((s) => s !== decider);
  const agrees = others.some(
    (s) => s.source !== decider.source && (s.state === decider.state || s.alsoFits?.includes(decider.state)),
  );
  return {
    state: decider.state,
    confidence: agrees ? 'high' : 'low',
    unsure: false,
    signals: [decider, ...others],
    decidedBy: decider.source,
  };
}

function collectSignals(evidence: Evidence, now: number, timings: HealthTimings): RawSignal[] {
  const signals: RawSignal[] = [];
  if (!evidence.alive)
    signals.push({
      source: 'process',
      state: 'exited',
      detail: evidence.exitDetail ?? 'process ended',
      at: now,
    });
  if (evidence.hook) signals.push({ source: 'hook', ...evidence.hook });
  if (evidence.declared) signals.push({ source: 'declared', ...evidence.declared });
  const prompt = evidence.prompt;
  if (prompt?.phase === 'prompt') {
    const failed = prompt.lastExitStatus !== undefined && prompt.lastExitStatus !== 0;
    signals.push(
      failed
        ? {
            source: 'prompt_mark',
            state: 'error',
            detail: `last command exited with status ${prompt.lastExitStatus}`,
            at: prompt.at,
          }
        : { source: 'prompt_mark', state: 'idle', detail: 'at a shell prompt', at: prompt.at },
    );
  }
  const verdict = evidence.screen?.verdict;
  if (verdict && evidence.screen)
    signals.push({ source: 'screen', state: verdict.state, detail: verdict.detail, at: evidence.screen.at });
  if (prompt?.phase === 'running') {
    signals.push({
      source: 'prompt_mark',
      state: 'working',
      detail: 'a command is running',
      at: prompt.at,
      alsoFits: ['waiting_for_input'],
    });
  }
  if (evidence.lastOutputAt !== undefined && now - evidence.lastOutputAt < timings.outputRecentMs) {
    signals.push({
      source: 'output',
      state: 'working',
      detail: 'output is flowing',
      at: evidence.lastOutputAt,
    });
  }
  return signals;
}

function pickDecider(
  signals: RawSignal[],
  evidence: Evidence,
  now: number,
  timings: HealthTimings,
): RawSignal | undefined {
  const process = signals.find((s) => s.source === 'process');
  if (process) return process;
  const hook = signals.find((s) => s.source === 'hook');
  if (hook && !hookIsStale(hook, evidence, now, timings)) return hook;
  const declared = signals.find((s) => s.source === 'declared');
  if (declared) return declared;
  const atPrompt = signals.find((s) => s.source === 'prompt_mark' && s.state !== 'working');
  if (atPrompt) return atPrompt;
  const screen = signals.find((s) => s.source === 'screen');
  if (screen) return screen;
  return (
    signals.find((s) => s.source === 'prompt_mark') ??
    (screenUnknownTooLong(evidence, now, timings) ? undefined : signals.find((s) => s.source === 'output'))
  );
}

/**
 * A hook yields once the screen has shown something else, since after the hook, for `hookStaleMs`; at once
 * when it said `working` and the screen has since asked for input: a CLI asks (Claude Code's permission
 * dialog) after its PreToolUse hook, and Claude Code's Notification hook for the dialog comes 6-7 s later.
 */
function hookIsStale(hook: RawSignal, evidence: Evidence, now: number, timings: HealthTimings): boolean {
  const screen = evidence.screen;
  if (!screen?.verdict || screen.verdict.state === hook.state || screen.since <= hook.at) return false;
  if (hook.state === 'working' && screen.verdict.state === 'waiting_for_input') return true;
  return now - screen.since >= timings.hookStaleMs;
}

function screenUnknownTooLong(evidence: Evidence, now: number, timings: HealthTimings): boolean {
  const screen = evidence.screen;
  return (
    TUI_KINDS.has(evidence.kind) &&
    screen !== undefined &&
    screen.verdict === undefined &&
    now - screen.since >= timings.unsureAfterMs
  );
}

function unsureOrNothing(
  evidence: Evidence,
  signals: RawSignal[],
  now: number,
  timings: HealthTimings,
): Decision | undefined {
  const flowing = signals.some((s) => s.source === 'output');
  if (!flowing || !screenUnknownTooLong(evidence, now, timings)) return undefined;
  const seconds = Math.round((now - evidence.screen!.since) / 1000);
  const flag: RawSignal = {
    source: 'screen',
    state: 'unknown',
    detail: `no known ${evidence.kind} pattern for ${seconds}s while output flows`,
    at: now,
  };
  return {
    state: 'unknown',
    confidence: 'low',
    unsure: true,
    signals: [flag, ...signals],
    decidedBy: 'screen',
  };
}
