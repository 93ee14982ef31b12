import { isReservedAgentName, SwitchboardError } from '@switchboard/protocol';

/**
 * Refuses a name that stands for the person or Switchboard (`human`, `you`, `system`, `switchboard`, any case) for a
 * new or renamed agent, whichever way it comes (a spawn, a template's or fleet file's default name, an adoption, a
 * rename): an agent named `human` had its messages typed into other agents' panes as `from human`.
 */
export function assertAgentName(name: string): void {
  if (isReservedAgentName(name))
    throw new SwitchboardError('invalid_input', `"${name}" names the person or Switchboard, not an agent`, {
      hint: 'Pick another name.',
      details: { field: 'name', reserved: name },
    });
}
