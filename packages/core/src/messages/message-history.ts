import { HUMAN_INBOX, SwitchboardError } from '@switchboard/protocol';
import type { CommandOutput, ParsedInput } from '@switchboard/protocol';
import { teamAndDescendants } from './addressing';
import { historyPage } from './history-page';
import { messageFlow } from './message-flow';
import { toMessage } from './message-repository';
import type { MessagingContext } from './messaging-context';

/** The human's look back: past messages by participant, team and time, and the flow graph drawn from them. */
export class MessageHistory {
  constructor(private readonly context: MessagingContext) {}

  history(input: ParsedInput<'message.history'>): CommandOutput<'message.history'> {
    const rows = historyPage(this.context.deps.store, {
      agentId: input.agent === undefined ? undefined : this.participant(input.agent),
      peerId: input.peer === undefined ? undefined : this.participant(input.peer),
      teamIds: this.teamIds(input.team, input.subteams),
      kinds: input.kinds,
      sinceMs: input.since === undefined ? undefined : Date.parse(input.since),
      untilMs: input.until === undefined ? undefined : Date.parse(input.until),
      before: input.before,
      limit: input.limit,
    });
    return { messages: rows.slice(0, input.limit).map(toMessage), hasMore: rows.length > input.limit };
  }

  /** The flow graph, aggregated in SQL a chunk at a time (the event loop gets turns between chunks). */
  async flow(input: ParsedInput<'message.flow'>): Promise<CommandOutput<'message.flow'>> {
    const edges = await messageFlow(this.context.deps.store, {
      teamIds: this.teamIds(input.team, input.subteams),
      kinds: input.kinds,
      sinceMs: input.since === undefined ? undefined : Date.parse(input.since),
      untilMs: input.until === undefined ? undefined : Date.parse(input.until),
    });
    return { edges, since: input.since ?? null, until: input.until ?? null };
  }

  private teamIds(team: string | undefined, subteams: boolean): string[] | undefined {
    if (team === undefined) return undefined;
    const { fleet } = this.context.deps;
    return [...teamAndDescendants(fleet.repository.listTeams(), fleet.requireTeam(team).id, subteams)];
  }

  /** An agent id for history: "human", an open agent by id or name, or the id of a closed one. */
  private participant(ref: string): string {
    if (ref === HUMAN_INBOX) return ref;
    const agent = this.context.deps.fleet.repository.findAgent(ref);
    if (agent) return agent.id;
    if (ref.startsWith('agent-')) return ref;
    throw new SwitchboardError('not_found', `No agent "${ref}"`, {
      hint: 'agent.list shows the agents there are; closed agents are named by id.',
    });
  }
}
