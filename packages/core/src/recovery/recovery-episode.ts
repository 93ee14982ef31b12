import type {
  Agent,
  AgentRecoveryStatus,
  AgentState,
  LastRecoveryStep,
  RecoveryPolicy,
  RecoveryStep,
} from '@switchboard/protocol';
import type { Heartbeat } from '../health/heartbeats';
import { hungAfterFor } from './recovery-policy';
import type { AgentSwitches } from './recovery-settings';

export type Problem = 'hung' | 'exited';

/** One stretch of trouble (hung or exited) and how far up its ladder recovery has gone. */
export interface Episode {
  trigger: Problem;
  reason: string;
  startedAt: number;
  /** Position in the trigger's ladder. */
  index: number;
  attempts: Partial<Record<RecoveryStep, number>>;
  /** A step was tried and has not yet been judged. */
  judging: boolean;
  coolUntil: number;
  timer: (() => void) | undefined;
  recoveredTimer: (() => void) | undefined;
  pausedLogged: boolean;
  rateLogged: boolean;
  /** The last step this episode took (running or being judged). */
  lastTaken: RecoveryStep | undefined;
  /** A hung episode whose program our Ctrl+C ended, with no exited ladder to take over. */
  processEnded: boolean;
}

/** What recovery remembers about one agent between episodes. */
export interface AgentRecovery {
  episode: Episode | undefined;
  /** Times of failed steps (and relapses), pruned to the breaker window. */
  failures: number[];
  totalAttempts: number;
  lastStep: LastRecoveryStep | undefined;
  lastRecoveredAt: number | undefined;
  busy: boolean;
}

/**
 * An exit waits this long before any step: long enough to learn whether the pane was closed by hand
 * (iTerm2 reports that as an exit too), which is the human's decision, not a crash.
 */
export const EXIT_GRACE_MS = 1_000;
export const problemOf = (state: AgentState): Problem | undefined =>
  state === 'hung' ? 'hung' : state === 'exited' ? 'exited' : undefined;
export const iso = (ms: number) => new Date(ms).toISOString();
export const seconds = (ms: number) => `${Math.round(ms / 1000)}s`;

export const newAgentRecovery = (): AgentRecovery => ({
  episode: undefined,
  failures: [],
  totalAttempts: 0,
  lastStep: undefined,
  lastRecoveredAt: undefined,
  busy: false,
});

export const newEpisode = (trigger: Problem, reason: string, now: number): Episode => ({
  trigger,
  reason,
  startedAt: now,
  index: 0,
  attempts: {},
  judging: false,
  coolUntil: trigger === 'exited' ? now + EXIT_GRACE_MS : 0,
  timer: undefined,
  recoveredTimer: undefined,
  pausedLogged: false,
  rateLogged: false,
  lastTaken: undefined,
  processEnded: false,
});

/** The episode is about a process that ended (`exited`; `lost` when its pane was closed by hand after). */
export const aboutAnEnd = (episode: Episode) => episode.trigger === 'exited' || episode.processEnded;

/** Still in the trouble the episode is about. */
export function inTrouble(state: AgentState, episode: Episode): boolean {
  return (
    problemOf(state) === episode.trigger || (aboutAnEnd(episode) && (state === 'lost' || state === 'exited'))
  );
}

/** Steps that act on a running program: nothing to press or tell once it ended. */
const LIVE_STEPS: ReadonlySet<RecoveryStep> = new Set(['nudge', 'interrupt']);

/** The ladder step to try next (moving past steps whose attempts are used up), or none left. */
export function nextStep(episode: Episode, policy: RecoveryPolicy): RecoveryStep | undefined {
  const ladder = episode.trigger === 'hung' ? policy.hungLadder : policy.exitedLadder;
  while (episode.index < ladder.length) {
    const step = ladder[episode.index]!;
    const live = episode.processEnded && LIVE_STEPS.has(step);
    if (!live && (episode.attempts[step] ?? 0) < policy.steps[step].attempts) return step;
    episode.index++;
  }
  return undefined;
}

/** "nudge×2, restart×1": the steps tried so far, for an escalation's text. */
export function triedSteps(episode: Episode): string {
  const tried = Object.entries(episode.attempts)
    .filter(([step, n]) => step !== 'escalate' && (n ?? 0) > 0)
    .map(([step, n]) => `${step}×${n}`);
  return tried.length ? tried.join(', ') : 'nothing yet';
}

export interface StatusInputs {
  agent: Agent;
  recovery: AgentRecovery | undefined;
  switches: AgentSwitches;
  beat: Heartbeat | undefined;
  policy: RecoveryPolicy;
  fleetPaused: boolean;
  now: number;
}

/** One agent's recovery status as the contract shows it. */
export function recoveryStatus({
  agent,
  recovery,
  switches,
  beat,
  policy,
  fleetPaused,
  now,
}: StatusInputs): AgentRecoveryStatus {
  const episode = recovery?.episode;
  const ladder = episode ? (episode.trigger === 'hung' ? policy.hungLadder : policy.exitedLadder) : [];
  return {
    agentId: agent.id,
    name: agent.name,
    state: agent.state,
    paused: fleetPaused || switches.paused,
    pausedSelf: switches.paused,
    breaker: switches.breakerOpen ? 'open' : 'closed',
    failures: (recovery?.failures ?? []).filter((at) => now - at < policy.breaker.windowMs).length,
    episode: episode
      ? {
          trigger: episode.trigger,
          startedAt: iso(episode.startedAt),
          step: ladder[episode.index] ?? null,
          attempts: { ...episode.attempts },
        }
      : null,
    totalAttempts: recovery?.totalAttempts ?? 0,
    heartbeat: beat ? { at: iso(beat.at), source: beat.source, ageMs: Math.max(0, now - beat.at) } : null,
    hungAfterMs: hungAfterFor(policy, agent),
    lastStep: recovery?.lastStep ?? null,
  };
}
