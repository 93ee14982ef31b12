import { useEffect } from 'react';
import { useFleet, useShell } from '../views/store-context';

/**
 * "Focus follows": while on, the agent whose pane the person focuses in the terminal (iTerm2's
 * FocusChanged, through the host's terminal.focused) is selected here. Off by default, kept per browser.
 */
export function FocusFollowsToggle() {
  const on = useShell((s) => s.focusFollows);
  const setFocusFollows = useShell((s) => s.setFocusFollows);
  const follow = useShell((s) => s.followTerminalFocus);
  const terminalFocus = useFleet((s) => s.terminalFocus);
  useEffect(() => {
    if (on && terminalFocus?.agentId) follow(terminalFocus.agentId);
  }, [on, terminalFocus, follow]);
  return (
    <button
      type="button"
      className={on ? undefined : 'secondary'}
      aria-pressed={on}
      title={
        on
          ? 'Focus follows the terminal: focusing an agent’s pane selects it here'
          : 'Focus follows the terminal is off'
      }
      onClick={() => setFocusFollows(!on)}
    >
      <span aria-hidden="true">Follow</span>
      <span className="visually-hidden">Focus follows the terminal</span>
    </button>
  );
}
