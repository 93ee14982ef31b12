import { lazy } from 'react';

// Every view but the org chart (the first screen) loads when it is first shown, so the first paint does not
// wait for xterm, the flow graph or the plan DAG (issue 21 item 5). Each is its own chunk in the build.
export const AgentDetailView = lazy(() =>
  import('./agent-detail/agent-detail-view').then((m) => ({ default: m.AgentDetailView })),
);
export const ApprovalQueueView = lazy(() =>
  import('./approvals/approval-queue-view').then((m) => ({ default: m.ApprovalQueueView })),
);
export const AttentionCentreView = lazy(() =>
  import('./attention/attention-centre-view').then((m) => ({ default: m.AttentionCentreView })),
);
export const DashboardView = lazy(() =>
  import('./dashboard/dashboard-view').then((m) => ({ default: m.DashboardView })),
);
export const FlowView = lazy(() => import('./flow/flow-view').then((m) => ({ default: m.FlowView })));
export const InboxView = lazy(() => import('./inbox/inbox-view').then((m) => ({ default: m.InboxView })));
export const ManageView = lazy(() => import('./manage/manage-view').then((m) => ({ default: m.ManageView })));
export const MemoryView = lazy(() => import('./memory/memory-view').then((m) => ({ default: m.MemoryView })));
export const MirrorGridView = lazy(() =>
  import('./mirror/mirror-grid-view').then((m) => ({ default: m.MirrorGridView })),
);
export const ReplayView = lazy(() => import('./replay/replay-view').then((m) => ({ default: m.ReplayView })));
export const SearchView = lazy(() => import('./search/search-view').then((m) => ({ default: m.SearchView })));
export const PlansView = lazy(() => import('./plans/plans-view').then((m) => ({ default: m.PlansView })));
