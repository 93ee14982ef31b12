import type { AgentTask } from '@switchboard/protocol';

const SOURCE_LABELS: Record<AgentTask['source'], string> = {
  plan_step: 'plan step',
  status: 'says',
  instruction: 'instruction',
};

/** An agent's current task in one line, with where it came from; a blank line keeps the cards' rows aligned. */
export function CurrentTask({
  task,
  className = 'card-task',
}: {
  task: AgentTask | null;
  className?: string;
}) {
  if (!task)
    return (
      <div className={`${className} muted`} data-testid="card-task" aria-hidden="true">
        {' '}
      </div>
    );
  const label = SOURCE_LABELS[task.source];
  return (
    <div
      className={className}
      data-testid="card-task"
      data-source={task.source}
      title={`${label}: ${task.text}`}
    >
      <span className="task-source">{label}</span> {task.text}
    </div>
  );
}
