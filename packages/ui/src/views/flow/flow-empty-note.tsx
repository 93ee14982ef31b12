/**
 * What the message-flow canvas says when it draws no node, instead of an empty grid: no agent yet, or every agent
 * silent in the window and hidden (found in session 26's review: a blank canvas on an empty fleet).
 */
export function FlowEmptyNote({ agents, hidden }: { agents: number; hidden: number }) {
  return (
    <p className="muted flow-empty-note" data-testid="flow-empty">
      {agents === 0
        ? 'No agents yet: spawn one on the org chart, or try the demo fleet there.'
        : `No messages in this window: all ${hidden} agents are silent (untick “Hide silent agents” to see them).`}
    </p>
  );
}
