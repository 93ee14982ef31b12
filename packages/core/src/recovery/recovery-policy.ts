import type { Agent, ParsedInput, RecoveryPolicy, RecoveryStep } from '@switchboard/protocol';

const MINUTE = 60_000;

/**
 * Defaults: TUI agents get longer than shells (a long tool call is quiet); the ladder goes from a word
 * to a key to a restart to a replacement to a person. No exited ladder: a process that ended (on purpose
 * or not, the terminal cannot tell) is reported `exited` and left alone unless the human writes one
 * (`recovery.configure { exitedLadder }`); only a hung episode goes on past its program's end.
 */
export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = {
  hungAfterMs: {
    default: 120_000,
    kinds: { claude: 180_000, codex: 180_000, gemini: 180_000, shell: 120_000, custom: 120_000 },
    roles: {},
  },
  hungLadder: ['nudge', 'interrupt', 'restart', 'replace', 'escalate'],
  exitedLadder: [],
  steps: {
    nudge: { attempts: 1, coolDownMs: MINUTE },
    interrupt: { attempts: 2, coolDownMs: 30_000 },
    restart: { attempts: 1, coolDownMs: 2 * MINUTE },
    replace: { attempts: 1, coolDownMs: 2 * MINUTE },
    escalate: { attempts: 1, coolDownMs: 0 },
  },
  globalRate: { perMinute: 20, burst: 10 },
  breaker: { maxFailures: 4, windowMs: 30 * MINUTE },
  recoveredAfterMs: 2 * MINUTE,
  nudgeText:
    'Switchboard: you have been silent for a while. If you are stuck, say what blocks you; otherwise carry on.',
  nudgeVia: 'message',
  resumeOnRestart: true,
};

/** Silence while working after which this agent is hung: its role's threshold, else its CLI kind's, else the default. */
export function hungAfterFor(policy: RecoveryPolicy, agent: Pick<Agent, 'kind' | 'role'>): number {
  return (
    policy.hungAfterMs.roles[agent.role] ?? policy.hungAfterMs.kinds[agent.kind] ?? policy.hungAfterMs.default
  );
}

/** Applies a partial policy: given fields replace, maps merge key by key, step bounds merge per step. */
export function mergePolicy(
  policy: RecoveryPolicy,
  patch: ParsedInput<'recovery.configure'>,
): RecoveryPolicy {
  const steps = { ...policy.steps };
  for (const [step, bounds] of Object.entries(patch.steps ?? {}) as [
    RecoveryStep,
    Partial<RecoveryPolicy['steps'][RecoveryStep]>,
  ][]) {
    steps[step] = { ...steps[step], ...bounds };
  }
  return {
    hungAfterMs: {
      default: patch.hungAfterMs?.default ?? policy.hungAfterMs.default,
      kinds: { ...policy.hungAfterMs.kinds, ...patch.hungAfterMs?.kinds },
      roles: { ...policy.hungAfterMs.roles, ...patch.hungAfterMs?.roles },
    },
    hungLadder: patch.hungLadder ?? policy.hungLadder,
    exitedLadder: patch.exitedLadder ?? policy.exitedLadder,
    steps,
    globalRate: { ...policy.globalRate, ...patch.globalRate },
    breaker: { ...policy.breaker, ...patch.breaker },
    recoveredAfterMs: patch.recoveredAfterMs ?? policy.recoveredAfterMs,
    nudgeText: patch.nudgeText ?? policy.nudgeText,
    nudgeVia: patch.nudgeVia ?? policy.nudgeVia,
    resumeOnRestart: patch.resumeOnRestart ?? policy.resumeOnRestart,
  };
}
