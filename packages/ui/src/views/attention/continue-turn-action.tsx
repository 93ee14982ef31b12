import { CONTINUE_TURN_PROMPT } from '@switchboard/protocol';
import { useFleet } from '../store-context';

/**
 * The human's answer to a turn cut off when the agent's pane ended (`agent.continueTurn`, a human-only command):
 * types the fixed continuation prompt into its pane. Nothing continues it otherwise.
 */
export function ContinueTurnAction({ agentId, tabIndex }: { agentId: string; tabIndex?: number }) {
  const continueTurn = useFleet((s) => s.continueTurn);
  return (
    <button
      type="button"
      className="secondary"
      tabIndex={tabIndex}
      title={`Types "${CONTINUE_TURN_PROMPT}" into its pane`}
      onClick={() => void continueTurn(agentId)}
    >
      Continue its turn
    </button>
  );
}
