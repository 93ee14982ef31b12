import { commandMetadata, type OutputAudience } from '../commands/metadata';
import type { CommandName, CommandOutput } from '../commands/index';
import type { SwitchboardEvent } from '../events/index';
import type { Caller } from '../identity';
import { audienceOf } from './event-audience';
import { NO_RIGHTS, type ViewerRights } from './public-facts';

/**
 * The one audience filter. Every transport that hands core's events or outputs to a caller (the
 * WebSocket API, Electron IPC, MCP) passes them through these two functions, with the caller its
 * credentials named: the human sees everything; an agent sees what concerns it and other agents'
 * public facts, never another agent's command line, environment, payloads or message bodies — beyond what its
 * role's `rights` show it (a decider: the approval items it may decide). Without `rights`, none are assumed.
 */
export function eventFor(
  viewer: Caller,
  event: SwitchboardEvent,
  rights: ViewerRights = NO_RIGHTS,
): SwitchboardEvent | undefined {
  if (viewer.kind === 'human') return event;
  const audience = audienceOf(event);
  if (audience === 'human') return undefined;
  if (audience === 'everyone') return event;
  if (audience.concerns(event).includes(viewer.id)) return event;
  if (audience.shownTo?.(event, viewer.id, rights)) return event;
  return audience.others ? audience.others(event, viewer.id) : undefined;
}

/** A command's output as this caller may see it (see `commandMetadata[name].output`). */
export function outputFor<N extends CommandName>(
  viewer: Caller,
  name: N,
  output: CommandOutput<N>,
  rights: ViewerRights = NO_RIGHTS,
): CommandOutput<N> {
  if (viewer.kind === 'human') return output;
  const audience = commandMetadata[name].output as OutputAudience<CommandOutput<N>>;
  if (audience === 'caller' || audience === 'public') return output;
  if (audience === 'human') throw new Error(`${name} is the human's; its output never goes to an agent`);
  return audience.agent(output, viewer.id, rights);
}
