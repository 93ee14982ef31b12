// The paragraph a panel or form shows when something failed: the problem's text, announced as an alert.
// Renders nothing while there is no problem, so callers pass their problem state as is.
export function ProblemAlert({ problem }: { problem: string | null | undefined }) {
  if (!problem) return null;
  return (
    <p className="form-problem" role="alert">
      {problem}
    </p>
  );
}
