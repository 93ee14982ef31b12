import {
  AGENT_ID_SHAPED_NAME,
  hasAgentIdShape,
  isReservedAgentName,
  SwitchboardError,
} from '@switchboard/protocol';

/**
 * Refuses a name that stands for the person or Switchboard (`human`, `you`, `system`, `switchboard`, any case) for a
 * new or renamed agent, whichever way it comes (a spawn, a template's or fleet file's default name, an adoption, a
 * rename): an agent named `human` had its messages typed into other agents' panes as `from human`. Nor one shaped
 * like an agent id: a live agent named as a closed agent's id received what was addressed to that id.
 */
export function assertAgentName(name: string): void {
  if (isReservedAgentName(name))
    throw new SwitchboardError('invalid_input', `"${name}" names the person or Switchboard, not an agent`, {
      hint: 'Pick another name.',
      details: { field: 'name', reserved: name },
    });
  if (hasAgentIdShape(name))
    throw new SwitchboardError('invalid_input', `"${name}": ${AGENT_ID_SHAPED_NAME}`, {
      hint: 'Pick another name: agents are named by a word, and each has its id besides.',
      details: { field: 'name', idShaped: name },
    });
}
