import {
  CONTINUE_TURN_PROMPT,
  type Agent,
  type AgentState,
  type AttentionKind,
  type AttentionSeverity,
  type EventOf,
  type InterruptedState,
  type SwitchboardEvent,
} from '@switchboard/protocol';

/** Something worth the person's attention, before de-duplication and rate limiting. */
export interface Occurrence {
  kind: AttentionKind;
  severity: AttentionSeverity;
  agentId: string | null;
  title: string;
  body: string;
  approvalId: string | null;
  /**
   * What the item is about besides its agent and kind, when it is not the agent's state: one open item per agent,
   * kind and `about` (repeats fold into it), closed by its own fact. '' (the default): the agent's state, which
   * the agent's health resolves.
   */
  about?: string;
}

/**
 * Open items that no longer apply: an agent's items of some kinds (only those about one of `about`, if given; ''
 * is the agent's state), or an approval's.
 */
export type Resolution =
  | { agentId: string; kinds: readonly AttentionKind[] | 'all'; about?: readonly string[] }
  | { approvalId: string };

/** Whether an agent's open item (its kind, what it is about) is one the resolution closes. */
export const closes = (
  resolution: Extract<Resolution, { agentId: string }>,
  kind: AttentionKind,
  about: string,
) =>
  (resolution.kinds === 'all' || resolution.kinds.includes(kind)) &&
  (resolution.about === undefined || resolution.about.includes(about));

/**
 * What the `error` items not raised by health are about, each closed by its own fact, never by a health change that
 * did not see it end: an answer that did not take (the agent's prompt left the screen, or an answer taking), a first
 * task typed unconfirmed (submitted after all), a message copy typed unconfirmed (acknowledged: a late hook acks).
 */
const PROMPT_ANSWER = 'prompt-answer';
const FIRST_TASK = 'first-task';
const messageCopy = (messageId: string) => `message:${messageId}`;

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

/** How the rules find agents: `FleetRepository` is one. */
export interface AgentLookup {
  findAgent(ref: string): Agent | undefined;
  nameOf(id: string): string;
}

const describe = (agent: Agent | undefined, fallback: string) =>
  agent ? `${agent.kind} · ${agent.role}` : fallback;

/**
 * What an event means for attention: a notification to raise and/or open ones to resolve. Pure:
 * `fleet` looks agents up and names them (a closed agent by the name it had). Entering waiting-for-input, error or hung raises; leaving it resolves;
 * working → idle is "finished" (not when `startEnded`: a CLI's start read `working`, see AgentStarts); an approval
 * raises until decided, expired or withdrawn.
 */
export function reactionsTo(
  event: SwitchboardEvent,
  fleet: AgentLookup,
  { startEnded = false }: { startEnded?: boolean } = {},
): Reaction[] {
  const agentOf = (id: string) => fleet.findAgent(id);
  const nameOf = (id: string) => fleet.nameOf(id);
  switch (event.type) {
    case 'health.state_changed': {
      const agent = agentOf(event.agentId);
      const name = nameOf(event.agentId);
      const { state } = event.health;
      const reactions: Reaction[] = [];
      const stale = (['waiting_for_input', 'error', 'hung', 'finished'] as const).filter(
        (kind) => STATE_KINDS[state]?.kind !== kind && !(kind === 'finished' && state === 'idle'),
      );
      reactions.push({ resolve: { agentId: event.agentId, kinds: stale, about: [''] } });
      // Out of waiting for input: the permission prompt an answer did not take has left the screen.
      if (event.previous === 'waiting_for_input')
        reactions.push({ resolve: { agentId: event.agentId, kinds: ['error'], about: [PROMPT_ANSWER] } });
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
      } else if (state === 'idle' && event.previous === 'working' && !startEnded) {
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
      const who = approval.requester === 'human' ? 'You' : nameOf(approval.requester);
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
      if (event.confirmed)
        return [{ resolve: { agentId: event.agentId, kinds: ['error'], about: [PROMPT_ANSWER] } }];
      const name = nameOf(event.agentId);
      return [
        {
          raise: {
            kind: 'error',
            severity: 'critical',
            agentId: event.agentId,
            // Nothing pressed (unreadable dialog, prompt gone, pane gone): the person answers in the pane.
            title:
              event.keys.length === 0
                ? `${name}: nothing was pressed — answer in the pane`
                : `${name}: the prompt did not take the answer`,
            body: event.error
              ? `Your decision was not carried out: ${event.error}. Check the pane and answer it there if it is still asking.`
              : `Switchboard pressed ${event.keys.join(' ') || 'nothing'} (${event.attempts} tries) but the prompt is still on screen; answer it in the pane.`,
            approvalId: event.approvalId,
            about: PROMPT_ANSWER,
          },
        },
      ];
    }
    case 'agent.task_held': {
      const agent = agentOf(event.agentId);
      const name = nameOf(event.agentId);
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
      const name = nameOf(event.agentId);
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
            about: FIRST_TASK,
          },
        },
      ];
    }
    case 'message.pane_unconfirmed': {
      const name = nameOf(event.recipientId);
      return [
        {
          raise: {
            kind: 'error',
            severity: 'warning',
            agentId: event.recipientId,
            title: `${name}: message ${event.messageId} was typed, its submission not seen`,
            body: `${event.reason}. Look at the pane: if the message still waits at the prompt, press Enter there yourself (Switchboard does not press it again: a late Enter could answer a prompt nobody decided). The copy stays in the inbox until it is submitted or acknowledged.`,
            approvalId: null,
            about: messageCopy(event.messageId),
          },
        },
      ];
    }
    case 'message.acked': {
      // One look at the agent's open items for the whole batch (an ack may name 500 messages).
      const about = event.messageIds.map(messageCopy);
      return [{ resolve: { agentId: event.recipientId, kinds: ['error'], about } }];
    }
    case 'agent.task_submitted':
      return [
        { resolve: { agentId: event.agentId, kinds: ['task_held'] } },
        { resolve: { agentId: event.agentId, kinds: ['error'], about: [FIRST_TASK] } },
      ];
    case 'agent.task_released':
    case 'agent.task_failed':
      return [{ resolve: { agentId: event.agentId, kinds: ['task_held'] } }];
    case 'agent.resumed':
      return resumedReactions(event, agentOf(event.agentId), nameOf(event.agentId));
    case 'agent.turn_continued':
      return [{ resolve: { agentId: event.agentId, kinds: ['turn_interrupted'] } }];
    case 'agent.closed':
      return [{ resolve: { agentId: event.agentId, kinds: 'all' } }];
    default:
      return [];
  }
}

const BEFORE: Record<InterruptedState, string> = {
  working: 'working',
  hung: 'seemingly hung mid-turn',
  waiting_for_input: 'waiting for input mid-turn',
};

/**
 * A relaunched agent resumed its conversation and sits at its prompt (its start raised no "finished": AgentStarts).
 * Cut off mid-turn, it is the person's decision.
 */
function resumedReactions(
  event: EventOf<'agent.resumed'>,
  agent: Agent | undefined,
  name: string,
): Reaction[] {
  if (event.interrupted === null) return [];
  return [
    {
      raise: {
        kind: 'turn_interrupted',
        severity: 'warning',
        agentId: event.agentId,
        title: `${name} resumed after a restart: its last turn was interrupted`,
        body: `${describe(agent, '')} · it was ${BEFORE[event.interrupted]} when its CLI stopped (its pane ended with the host or the terminal, or it was restarted); its conversation is back, but nothing continues that turn. Continue types "${CONTINUE_TURN_PROMPT}" into its pane; or go to the pane and tell it yourself.`.replace(
          /^ · /,
          '',
        ),
        approvalId: null,
      },
    },
  ];
}
