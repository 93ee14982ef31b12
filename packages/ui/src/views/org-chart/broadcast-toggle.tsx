import { useContext } from 'react';
import { SwitchboardError } from '@switchboard/protocol';
import { teamBroadcasting } from '../../broadcast/broadcast-groups';
import { useFleet } from '../store-context';
import { BroadcastContext } from './chart-contexts';

/**
 * Groups agents' panes into a broadcast domain (typing into one of them in iTerm2 types into all), or
 * ends it: a team from its header, a selection from the selection bar. Pressed while every one of them
 * is in a group. A refusal (one window each, a terminal without broadcast) shows as a toast.
 */
export function BroadcastToggle({
  target,
  agentIds,
  name,
  className = 'secondary',
  tabIndex,
}: {
  target: { team: string } | { agents: string[] };
  agentIds: readonly string[];
  /** Whose panes, for the accessible name: "team web", "2 agents". */
  name: string;
  className?: string;
  tabIndex?: number;
}) {
  const groups = useContext(BroadcastContext);
  const client = useFleet((s) => s.client);
  const notify = useFleet((s) => s.notify);
  const on = teamBroadcasting(groups, agentIds);
  const toggle = async () => {
    try {
      if (on) await client.call('broadcast.remove', target);
      else await client.call('broadcast.create', target);
    } catch (error) {
      notify({
        tone: 'error',
        title: on ? `Could not stop broadcasting to ${name}` : `Could not broadcast to ${name}`,
        body: error instanceof SwitchboardError ? error.message : String(error),
        agentId: null,
      });
    }
  };
  return (
    <button
      type="button"
      className={`${className} nodrag broadcast-toggle`}
      tabIndex={tabIndex}
      aria-pressed={on}
      aria-label={`Broadcast typing to ${name}`}
      title={
        on
          ? `Typing into one of these panes in iTerm2 types into all of them. Click to stop.`
          : `Group these panes in iTerm2 so typing into one types into all of them`
      }
      disabled={agentIds.length < 2}
      onClick={() => void toggle()}
    >
      {on ? 'Broadcasting' : 'Broadcast'}
    </button>
  );
}
