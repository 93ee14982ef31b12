import type { AgentState } from '@switchboard/protocol';
import type { Decision } from './decide';
import type { Evidence } from './evidence';

/**
 * Lays the heartbeat verdict over a decision: a silence while working makes the agent `hung` (a frozen
 * spinner or a running command still read as working); a heartbeat after that brings it back at once.
 * Process exit and every non-working state win over a silence.
 */
export function withSilence(
  decision: Decision | undefined,
  evidence: Evidence,
  current: AgentState,
  now: number,
): Decision | undefined {
  const silence = evidence.silence;
  const state = decision?.state ?? current;
  if (silence && (state === 'working' || state === 'hung')) {
    const seconds = Math.round((silence.at - silence.since) / 1000);
    return {
      state: 'hung',
      confidence: decision?.state === 'working' ? 'high' : 'low',
      unsure: false,
      signals: [
        {
          source: 'output',
          state: 'hung',
          detail: `no heartbeat for ${seconds}s while working`,
          at: silence.at,
        },
        ...(decision?.signals ?? []),
      ],
      decidedBy: 'output',
      immediate: true,
    };
  }
  if (silence || current !== 'hung') return decision;
  if (decision && decision.state !== 'hung') return { ...decision, immediate: true };
  return {
    state: 'working',
    confidence: 'low',
    unsure: false,
    signals: [{ source: 'output', state: 'working', detail: 'signs of life again', at: now }],
    decidedBy: 'output',
    immediate: true,
  };
}
