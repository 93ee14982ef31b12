import type { AgentState } from '@switchboard/protocol';

/** An icon for each state, so colour is never the only signal. */
export const stateIcons: Record<AgentState, string> = {
  starting: '◌',
  working: '●',
  waiting_for_input: '?',
  idle: '○',
  error: '!',
  exited: '×',
  hung: '⧗',
  lost: '∅',
  unreachable: '⌁',
  unknown: '·',
};

export function stateLabel(state: AgentState): string {
  return state.replaceAll('_', ' ');
}

export function AgentStateLabel({ state }: { state: AgentState }) {
  return (
    <span className={`agent-state state-${state}`} data-testid="agent-state">
      <span className="state-icon" aria-hidden="true">
        {stateIcons[state]}
      </span>{' '}
      {stateLabel(state)}
    </span>
  );
}
