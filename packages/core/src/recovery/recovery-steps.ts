import type { Agent, RecoveryPolicy, RecoveryStep } from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import type { RecoveryActions } from './recovery-actions';
import { triedSteps, type Episode } from './recovery-episode';
import type { RecoverySettings } from './recovery-settings';

/** Takes one step of the ladder; resolves to the log line's detail, rejects when the step failed. */
export async function performStep(
  actions: RecoveryActions,
  agent: Agent,
  step: RecoveryStep,
  policy: RecoveryPolicy,
  escalate: () => Promise<string>,
): Promise<string> {
  switch (step) {
    case 'nudge':
      return actions.nudge(agent, policy.nudgeText, policy.nudgeVia);
    case 'interrupt':
      return actions.interrupt(agent);
    case 'restart':
      return actions.restart(agent, policy.resumeOnRestart);
    case 'replace':
      return actions.replace(agent);
    case 'escalate':
      return `asked the human (approval ${await escalate()})`;
  }
}

/** What the escalate step asks the human. */
export function escalationSummary(agent: Agent, episode: Episode): string {
  return `Agent ${agent.name} is ${episode.trigger} (${episode.reason}); automatic recovery has tried ${triedSteps(episode)}.`;
}

/** Raises one escalation per agent: a pending one is reused, never doubled. Resolves to the approval's id. */
export function oneEscalationPerAgent(deps: {
  settings: RecoverySettings;
  approvals: ApprovalQueue;
  actions: RecoveryActions;
}) {
  return async (agent: Agent, summary: string): Promise<string> => {
    const switches = deps.settings.agent(agent.id);
    const pending = switches.escalationId === null ? undefined : deps.approvals.get(switches.escalationId);
    if (pending?.status === 'pending') return pending.id;
    const id = await deps.actions.escalate(agent, summary, { agentId: agent.id, agentName: agent.name });
    deps.settings.setAgent(agent.id, { ...deps.settings.agent(agent.id), escalationId: id });
    return id;
  };
}
