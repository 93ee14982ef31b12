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

/** What the states an agent ends in mean, shown on hover: "it ended" and "its pane went away" look alike otherwise. */
export const stateMeanings: Partial<Record<AgentState, string>> = {
  exited: 'its program ended (finished or crashed); a restore leaves it unless asked',
  lost: 'its pane vanished while its program ran (closed, or the terminal went away); a restore brings it back',
  unreachable: 'its host cannot be reached; its pane is out of sight, not gone',
};

export function stateLabel(state: AgentState): string {
  return state.replaceAll('_', ' ');
}

export function AgentStateLabel({ state }: { state: AgentState }) {
  return (
    <span className={`agent-state state-${state}`} data-testid="agent-state" title={stateMeanings[state]}>
      <span className="state-icon" aria-hidden="true">
        {stateIcons[state]}
      </span>{' '}
      {stateLabel(state)}
    </span>
  );
}
