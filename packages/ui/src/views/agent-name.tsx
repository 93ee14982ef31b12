import type { FleetState } from '../store/fleet-state';
import { shownName } from '../store/shown-name';

/**
 * A requester's, sender's or participant's name in a view: marked "(closed)" with the id in its tooltip when
 * the record is not about a live agent (shownName). Every view showing such a name uses this one element.
 */
export function AgentName({
  state,
  id,
  recorded,
}: {
  state: FleetState;
  id: string;
  recorded?: string | null;
}) {
  const shown = shownName(state, id, recorded);
  return (
    <span className={shown.gone ? 'caller-name gone' : 'caller-name'} title={shown.title} data-agent-id={id}>
      {shown.text}
    </span>
  );
}
