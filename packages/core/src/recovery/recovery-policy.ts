import {
  DEFAULT_RECOVERY_POLICY,
  type Agent,
  type ParsedInput,
  type RecoveryPolicy,
  type RecoveryStep,
} from '@switchboard/protocol';

/** The default lives in the contract, so the UI can mark it; re-exported here for the core's callers. */
export { DEFAULT_RECOVERY_POLICY };

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
