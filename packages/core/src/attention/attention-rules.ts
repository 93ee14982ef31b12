import type {
  Agent,
  AgentState,
  AttentionKind,
  AttentionSeverity,
  SwitchboardEvent,
} from '@switchboard/protocol';

/** Something worth the person's attention, before de-duplication and rate limiting. */
export interface Occurrence {
  kind: AttentionKind;
  severity: AttentionSeverity;
  agentId: string | null;
  title: string;
  body: string;
  approvalId: string | null;
}

/** Open items that no longer apply: an agent's items of some kinds (with one of those titles, if given), or an approval's. */
export type Resolution =
  | { agentId: string; kinds: readonly AttentionKind[] | 'all'; titles?: readonly string[] }
  | { approvalId: string };

/**
 * Whether an agent's open item is one the resolution closes. By title only an item of that one occurrence: others
 * folded in (one open item per agent and kind, the newest title shown) are not closed by the newest's end — an
 * acknowledged copy would otherwise take "the prompt did not take the answer" with it.
 */
export const closes = (
  resolution: Extract<Resolution, { agentId: string }>,
  item: { kind: AttentionKind; title: string; occurrences: number },
) =>
  (resolution.kinds === 'all' || resolution.kinds.includes(item.kind)) &&
  (resolution.titles === undefined || (resolution.titles.includes(item.title) && item.occurrences === 1));

/** The title of an unconfirmed message copy's item: its submission or acknowledgement closes that item by it. */
const unconfirmedCopyTitle = (name: string, messageId: string) =>
  `${name}: message ${messageId} was typed, its submission not seen`;

export interface Reaction {
  raise?: Occurrence;
  resolve?: Resolution;
}

/** The kind of notification each agent state raises (none for the others). */
const STATE_KINDS: Partial<Record<AgentState, { kind: AttentionKind; severity: AttentionSeverity }>> = {
  waiting_for_input: { kind: 'waiting_for_input', severity: 'warning' },
  error: { kind: 'error', severity: 'critical' },
  hung: { kind: 'hung', severity: 'critical' },
};

const describe = (agent: Agent | undefined, fallback: string) =>
  agent ? `${agent.kind} · ${agent.role}` : fallback;

/**
 * What an event means for attention: a notification to raise and/or open ones to resolve. Pure:
 * `agentOf` looks agents up. Entering waiting-for-input, error or hung raises; leaving it resolves;
 * working → idle is "finished"; an approval raises until decided, expired or withdrawn.
 */
export function reactionsTo(event: SwitchboardEvent, agentOf: (id: string) => Agent | undefined): Reaction[] {
  switch (event.type) {
    case 'health.state_changed': {
      const agent = agentOf(event.agentId);
      const name = agent?.name ?? event.agentId;
      const { state } = event.health;
      const reactions: Reaction[] = [];
      const stale = (['waiting_for_input', 'error', 'hung', 'finished'] as const).filter(
        (kind) => STATE_KINDS[state]?.kind !== kind && !(kind === 'finished' && state === 'idle'),
      );
      reactions.push({ resolve: { agentId: event.agentId, kinds: stale } });
      const entered = STATE_KINDS[state];
      const reason = event.health.signals[0]?.detail;
      if (entered) {
        const verb =
          state === 'waiting_for_input'
            ? 'is waiting for input'
            : state === 'hung'
              ? 'seems hung'
              : 'hit an error';
        reactions.push({
          raise: {
            ...entered,
            agentId: event.agentId,
            title: `${name} ${verb}`,
            body: reason ? `${describe(agent, '')} · ${reason}`.replace(/^ · /, '') : describe(agent, ''),
            approvalId: null,
          },
        });
      } else if (state === 'idle' && event.previous === 'working') {
        reactions.push({
          raise: {
            kind: 'finished',
            severity: 'info',
            agentId: event.agentId,
            title: `${name} finished`,
            body: describe(agent, 'its turn ended'),
            approvalId: null,
          },
        });
      }
      return reactions;
    }
    case 'approval.requested': {
      const { approval } = event;
      if (approval.status !== 'pending') return [];
      const agent = agentOf(approval.requester);
      const who = agent?.name ?? (approval.requester === 'human' ? 'You' : approval.requester);
      return [
        {
          raise: {
            kind: 'approval_pending',
            severity: 'warning',
            agentId: agent?.id ?? null,
            title: `${who} asks: ${approval.kind.replace('_', ' ')}`,
            body: approval.summary,
            approvalId: approval.id,
          },
        },
      ];
    }
    case 'approval.decided':
    case 'approval.expired':
    case 'approval.withdrawn':
      return [{ resolve: { approvalId: event.approval.id } }];
    case 'prompt.answered': {
      if (event.confirmed) return [];
      const name = agentOf(event.agentId)?.name ?? event.agentId;
      return [
        {
          raise: {
            kind: 'error',
            severity: 'critical',
            agentId: event.agentId,
            title: `${name}: the prompt did not take the answer`,
            body: event.error
              ? `Your decision was not carried out: ${event.error}. Check the pane and answer it there if it is still asking.`
              : `Switchboard pressed ${event.keys.join(' ') || 'nothing'} (${event.attempts} tries) but the prompt is still on screen; answer it in the pane.`,
            approvalId: event.approvalId,
          },
        },
      ];
    }
    case 'agent.task_held': {
      const agent = agentOf(event.agentId);
      const name = agent?.name ?? event.agentId;
      return [
        {
          raise: {
            kind: 'task_held',
            severity: 'warning',
            agentId: event.agentId,
            title: `${name} has not connected to Switchboard's tools after ${Math.round(event.waitedMs / 1000)} s: its first task is held`,
            body: `${describe(agent, 'its CLI')} · it sits at its prompt without Switchboard's tools (its MCP configuration, or a slow start). Type it anyway, or keep waiting; it is typed at once if the tools come.`,
            approvalId: null,
          },
        },
      ];
    }
    case 'agent.task_unconfirmed': {
      const name = agentOf(event.agentId)?.name ?? event.agentId;
      return [
        { resolve: { agentId: event.agentId, kinds: ['task_held'] } },
        {
          raise: {
            kind: 'error',
            severity: 'warning',
            agentId: event.agentId,
            title: `${name}: its first task was typed, its submission not seen`,
            body: `${event.reason}. Look at the pane: if the task still waits at the prompt, press Enter there yourself (Switchboard does not press it again: a late Enter could answer a prompt nobody decided).`,
            approvalId: null,
          },
        },
      ];
    }
    case 'message.pane_unconfirmed': {
      const name = agentOf(event.recipientId)?.name ?? event.recipientId;
      return [
        {
          raise: {
            kind: 'error',
            severity: 'warning',
            agentId: event.recipientId,
            title: unconfirmedCopyTitle(name, event.messageId),
            body: `${event.reason}. Look at the pane: if the message still waits at the prompt, press Enter there yourself (Switchboard does not press it again: a late Enter could answer a prompt nobody decided). The copy stays in the inbox until it is submitted or acknowledged.`,
            approvalId: null,
          },
        },
      ];
    }
    case 'message.acked': {
      const name = agentOf(event.recipientId)?.name ?? event.recipientId;
      // One look at the agent's open items for the whole batch (an ack may name 500 messages).
      const titles = event.messageIds.map((messageId) => unconfirmedCopyTitle(name, messageId));
      return [{ resolve: { agentId: event.recipientId, kinds: ['error'], titles } }];
    }
    case 'agent.task_released':
    case 'agent.task_submitted':
    case 'agent.task_failed':
      return [{ resolve: { agentId: event.agentId, kinds: ['task_held'] } }];
    case 'agent.closed':
      return [{ resolve: { agentId: event.agentId, kinds: 'all' } }];
    default:
      return [];
  }
}
