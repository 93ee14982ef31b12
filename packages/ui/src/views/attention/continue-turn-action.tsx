import { useState } from 'react';
import { CONTINUE_TURN_PROMPT } from '@switchboard/protocol';
import { useFleet } from '../store-context';

/**
 * The human's answer to a turn cut off when the agent's pane ended (`agent.continueTurn`, a human-only command):
 * types the fixed continuation prompt into its pane. Nothing continues it otherwise. A refusal (the agent is
 * working again, has no pane) is said next to the button.
 */
export function ContinueTurnAction({ agentId, tabIndex }: { agentId: string; tabIndex?: number }) {
  const continueTurn = useFleet((s) => s.continueTurn);
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="secondary"
        tabIndex={tabIndex}
        title={`Types "${CONTINUE_TURN_PROMPT}" into its pane`}
        onClick={() =>
          void continueTurn(agentId).then((outcome) => setRefused(outcome.ok ? null : outcome.reason))
        }
      >
        Continue its turn
      </button>
      {refused !== null && (
        <span className="muted" role="status" data-testid="continue-refused">
          Not continued: {refused}
        </span>
      )}
    </>
  );
}
