import { z } from 'zod';

/** Names people and agents type: letters, digits, dot, dash, underscore; starts with a letter or digit. */
export const Name = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'use letters, digits, ".", "-" or "_", starting with a letter or digit',
  );

/**
 * Words that stand for the person or Switchboard itself wherever a name is shown: messages typed into a pane say
 * `from human`, the approval queue and attention say `You`, `system` and `switchboard` sign what Switchboard does.
 * An agent named one of them (any case) would speak as the person to other agents and to the person.
 */
export const RESERVED_AGENT_NAMES: readonly string[] = ['human', 'you', 'system', 'switchboard'];

export const isReservedAgentName = (name: string) => RESERVED_AGENT_NAMES.includes(name.toLowerCase());

/**
 * The shape of an agent's id (`agent-` and a UUID, made by core's spawner) as far as a person or an agent could take
 * it for one: `agent-` and eight hex digits (any case) at the start — the shortened id a page shows for a closed agent
 * it has no name for is those 14 characters. Reserved for ids: no agent is named so, and a reference of this shape is
 * looked up as an id only (`findAgentByRef`), so a name can never receive what was meant for another agent's id.
 */
export const AGENT_ID_SHAPE = /^agent-[0-9a-f]{8}/i;

export const hasAgentIdShape = (ref: string): boolean => AGENT_ID_SHAPE.test(ref);

export const AGENT_ID_SHAPED_NAME =
  'a name starting "agent-" and eight hex digits takes the shape of an agent id';

/** An agent's name: a `Name` that is not one of the reserved words nor shaped like an agent id. */
export const AgentName = Name.refine(
  (name) => !isReservedAgentName(name),
  `"human", "you", "system" and "switchboard" (in any case) name the person or Switchboard, not an agent`,
).refine((name) => !hasAgentIdShape(name), AGENT_ID_SHAPED_NAME);

/**
 * The one rule for reading an agent reference (id or name) among `agents`: its id first; a name only when the
 * reference is not shaped like an id. So a reference to a closed agent's id never reaches a live agent named like
 * it (an agent named so before names of that shape were refused keeps its name, answered by its id only).
 */
export function findAgentByRef<T extends { id: string; name: string }>(
  agents: readonly T[],
  ref: string,
): T | undefined {
  return (
    agents.find((a) => a.id === ref) ??
    (hasAgentIdShape(ref) ? undefined : agents.find((a) => a.name === ref))
  );
}

export const Id = z.string().min(1).max(128);

/** An agent referenced by id or by name. */
export const AgentRef = z.string().min(1).max(128);
/** A team referenced by id or by name. */
export const TeamRef = z.string().min(1).max(128);

export const Timestamp = z.string().describe('ISO-8601 time');
/**
 * A time a command takes as input: ISO-8601 with seconds and `Z` or an offset, checked here (a date that does not
 * exist, like 31 February, is refused, not rolled over into March). The one check for every command's time input.
 */
export const IsoTime = z.iso.datetime({ offset: true }).describe('ISO-8601 time, e.g. 2026-12-05T10:00:00Z');
