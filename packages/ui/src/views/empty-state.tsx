import { DemoFleetButton } from './spawn/demo-fleet-button';

// Shown instead of the chart on a fresh install.
export function EmptyState() {
  return (
    <section className="empty panel" data-testid="empty-state">
      <h2>No agents yet</h2>
      <p>
        Switchboard runs each AI coding agent (Claude Code, Codex, Gemini CLI or a plain shell) in its own
        terminal pane and shows the whole fleet here.
      </p>
      <ol>
        <li>Create a team on the right (optional).</li>
        <li>Spawn an agent: give it a name, pick its CLI and team.</li>
        <li>Agents can also join through the MCP endpoint printed when the host started.</li>
      </ol>
      <DemoFleetButton />
    </section>
  );
}
