/** The approval queue. Waits for the approval.* commands and events of the contract (issue 8). */
export function ApprovalQueueView() {
  return (
    <section className="panel" aria-labelledby="approvals-title" data-testid="approval-queue">
      <h2 id="approvals-title">Approval queue</h2>
      <p className="muted">The host does not offer approvals yet (approval.* is not in the contract on this build).</p>
    </section>
  );
}
