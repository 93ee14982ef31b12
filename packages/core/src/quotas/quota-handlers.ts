import { SwitchboardError, type Caller, type QuotaUsage } from '@switchboard/protocol';
import type { HandlerMap } from '../dispatch/handler';
import type { FleetService } from '../fleet/fleet-service';
import type { MemoryService } from '../memory/memory-service';
import type { MessagingService } from '../messages/messaging-service';

export interface QuotaSources {
  fleet: Pick<FleetService, 'requireAgent' | 'listAgents'>;
  memory: Pick<MemoryService, 'usageOf'>;
  messages: Pick<MessagingService, 'inboxUsage'>;
}

/** Whose usage a call may read: an agent only its own; the human one named agent, or every agent. */
function agentsFor(caller: Caller, ref: string | undefined, fleet: QuotaSources['fleet']): string[] {
  if (caller.kind === 'agent') {
    if (ref !== undefined && fleet.requireAgent(ref).id !== caller.id)
      throw new SwitchboardError(
        'forbidden',
        "An agent may only read its own quota usage, not another agent's",
        {
          hint: 'Leave out `agent`.',
        },
      );
    return [caller.id];
  }
  return ref === undefined ? fleet.listAgents().map((a) => a.id) : [fleet.requireAgent(ref).id];
}

/** quota.usage: what each agent holds against its shared-memory and inbox quotas (both read one row each). */
export function quotaHandlers({ fleet, memory, messages }: QuotaSources): HandlerMap<'quota.usage'> {
  return {
    'quota.usage': (input, { caller }) => ({
      usage: agentsFor(caller, input.agent, fleet).map((agentId): QuotaUsage => ({
        agentId,
        memory: memory.usageOf(agentId),
        inbox: messages.inboxUsage(agentId),
      })),
    }),
  };
}
