import { useFleet } from '../store-context';

/**
 * The human's two answers to a first task held because its CLI has not listed Switchboard's tools
 * (`agent.decideTask`, a human-only command): type it anyway, or keep waiting for the tools.
 */
export function HeldTaskActions({ agentId, tabIndex }: { agentId: string; tabIndex?: number }) {
  const decideTask = useFleet((s) => s.decideTask);
  return (
    <>
      <button
        type="button"
        className="secondary"
        tabIndex={tabIndex}
        onClick={() => void decideTask(agentId, 'type')}
      >
        Type it anyway
      </button>
      <button
        type="button"
        className="secondary"
        tabIndex={tabIndex}
        onClick={() => void decideTask(agentId, 'wait')}
      >
        Keep waiting
      </button>
    </>
  );
}
