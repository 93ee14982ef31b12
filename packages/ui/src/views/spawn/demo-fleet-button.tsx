import './spawn.css';
import { useCommand } from './use-command';
import { ProblemAlert } from '../problem-alert';

/** "Try a demo fleet": scripted shell agents that talk, lock and ask, so every view has something to show. */
export function DemoFleetButton() {
  const { busy, problem, run } = useCommand();
  return (
    <div className="demo-fleet">
      <button
        type="button"
        disabled={busy}
        onClick={() => void run((client) => client.call('fleet.demo', {}))}
      >
        {busy ? 'Starting the demo fleet…' : 'Try a demo fleet'}
      </button>
      <p className="muted">
        Three scripted agents in two teams message each other, ask for a lock and for your approval. Close
        them when done.
      </p>
      <ProblemAlert problem={problem} />
    </div>
  );
}
