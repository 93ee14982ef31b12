import { Suspense, useContext, useEffect, useMemo, useState, type ComponentType } from 'react';
import { HUMAN_INBOX } from '@switchboard/protocol';
import { createStagedDecisions } from '../approvals/staged-decisions';
import { openCount } from '../attention/attention-centre';
import { createAttentionCentre } from '../attention/attention-centre-store';
import { pendingApprovals } from '../approvals/approval-selectors';
import { CommandPalette } from '../shell/command-palette';
import { DoNotDisturbToggle } from '../shell/do-not-disturb-toggle';
import { FocusFollowsToggle } from '../shell/focus-follows-toggle';
import { NextAttentionButton } from '../shell/next-attention';
import { NavTabs } from '../shell/nav-tabs';
import { useNeedsYouShortcut } from '../shell/needs-you-shortcut';
import { useViewShortcut } from '../shell/view-shortcut';
import { ThemePicker } from '../shell/theme-picker';
import { Toasts } from '../shell/toasts';
import { UndoBar } from '../shell/undo-bar';
import { createUndoableActions } from '../shell/undoable-actions';
import { createShellStore, type ShellStore, type ViewName } from '../store/shell-store';
import { BackendBanner } from './backend-banner';
import { ConnectionIndicator } from './connection-indicator';
import { HostBanner } from './host-banner';
import { EmptyState } from './empty-state';
import {
  AgentDetailView,
  ApprovalQueueView,
  AttentionCentreView,
  DashboardView,
  FlowView,
  InboxView,
  ManageView,
  MemoryView,
  MirrorGridView,
  PlansView,
  SearchView,
  ReplayView,
} from './lazy-views';
import { FleetLoading } from './org-chart/fleet-loading';
import { OrgChartView } from './org-chart/org-chart-view';
import { SpawnSidebar } from './spawn/spawn-sidebar';
import { ViewBoundary } from './view-boundary';
import {
  AttentionContext,
  ShellContext,
  StagedContext,
  StoreContext,
  UndoableContext,
  useAttention,
  useFleet,
  useShell,
} from './store-context';

/** The whole UI. Give it a shell store to control the view from outside (tests, the desktop menu). */
export function App({ shell }: { shell?: ShellStore }) {
  const [store] = useState(
    () => shell ?? createShellStore(typeof localStorage === 'undefined' ? undefined : localStorage),
  );
  const fleetStore = useContext(StoreContext);
  if (!fleetStore) throw new Error('App needs a <StoreContext.Provider>');
  const [staged] = useState(() =>
    createStagedDecisions({
      decide: (decisions) => fleetStore.getState().decide(decisions),
      onFailed: (entry, reason) =>
        fleetStore
          .getState()
          .notify({ tone: 'error', title: `Not sent: ${entry.label}`, body: reason, agentId: null }),
    }),
  );
  const [attention] = useState(() => createAttentionCentre(fleetStore.getState().client));
  const [undoable] = useState(() => createUndoableActions());
  // Closing the app inside an undo window sends nothing: those items stay pending in the host.
  useEffect(() => () => staged.getState().dispose(), [staged]);
  useEffect(() => () => attention.dispose(), [attention]);
  useEffect(() => () => undoable.getState().dispose(), [undoable]);
  return (
    <ShellContext.Provider value={store}>
      <StagedContext.Provider value={staged}>
        <AttentionContext.Provider value={attention}>
          <UndoableContext.Provider value={undoable}>
            <Shell />
          </UndoableContext.Provider>
        </AttentionContext.Provider>
      </StagedContext.Provider>
    </ShellContext.Provider>
  );
}

/** Every view but the org chart (the default, with the spawn sidebar): its component, and whether it draws a full-bleed chart. */
const VIEWS: Record<Exclude<ViewName, 'org'>, { component: ComponentType; chart?: boolean }> = {
  attention: { component: AttentionCentreView },
  inbox: { component: InboxView },
  approvals: { component: ApprovalQueueView },
  dashboard: { component: DashboardView },
  flow: { component: FlowView, chart: true },
  grid: { component: MirrorGridView },
  plans: { component: PlansView, chart: true },
  memory: { component: MemoryView },
  search: { component: SearchView },
  replay: { component: ReplayView },
  manage: { component: ManageView },
  agent: { component: AgentDetailView },
};

function Shell() {
  const fleet = useFleet((s) => s.fleet);
  const loaded = useFleet((s) => s.loaded);
  const lastError = useFleet((s) => s.lastError);
  const dismissError = useFleet((s) => s.dismissError);
  const view = useShell((s) => s.view);
  const setPaletteOpen = useShell((s) => s.setPaletteOpen);
  const setView = useShell((s) => s.setView);
  useNeedsYouShortcut(setView);
  useViewShortcut('i', 'inbox', setView);
  const teams = Object.values(fleet.teams);
  const pendingCount = useMemo(() => pendingApprovals(fleet).length, [fleet]);
  const unreadCount = useFleet((s) => s.fleet.inboxes[HUMAN_INBOX]?.depth ?? 0);
  const attentionItems = useAttention((s) => s.items);
  const attentionCount = useMemo(
    () => openCount(attentionItems, fleet.agents),
    [attentionItems, fleet.agents],
  );
  const empty = loaded && teams.length === 0 && Object.keys(fleet.agents).length === 0;
  const shown = view === 'org' ? undefined : VIEWS[view];

  return (
    <div className="app">
      <header className="app-header">
        <h1>Switchboard</h1>
        {/* The tools sit beside the title and the tabs on the row below: in the page's order, so Tab goes the way
            the eye reads (the tabs came first in the page and last on screen). */}
        <div className="header-tools">
          <button
            type="button"
            className="secondary"
            onClick={() => setPaletteOpen(true)}
            aria-keyshortcuts="Control+K Meta+K"
          >
            Commands <kbd>Ctrl K</kbd>
          </button>
          <NextAttentionButton />
          <DoNotDisturbToggle />
          <FocusFollowsToggle />
          <ThemePicker />
          <ConnectionIndicator />
        </div>
        <NavTabs badges={{ approvals: pendingCount, attention: attentionCount, inbox: unreadCount }} />
      </header>
      <HostBanner />
      <BackendBanner />
      {lastError && (
        <div className="error-banner" role="alert">
          {lastError}
          <button className="link" onClick={dismissError}>
            Dismiss
          </button>
        </div>
      )}
      <main className="app-main">
        {/* One boundary per view: a view still loading never hides (and so unfocuses) the one shown next, and a view
            that fails (its code not fetched, a throw while drawing) says so in its place, not with a blank page. */}
        <ViewBoundary key={view}>
          <Suspense fallback={<p className="muted view-loading">Loading…</p>}>
            {shown ? (
              <div className={shown.chart ? 'content content-chart' : 'content'}>
                <shown.component />
              </div>
            ) : (
              <>
                <div className="content content-chart">
                  {!loaded ? <FleetLoading /> : empty ? <EmptyState /> : <OrgChartView />}
                </div>
                <aside className="sidebar" aria-label="Create">
                  <SpawnSidebar teams={teams} />
                </aside>
              </>
            )}
          </Suspense>
        </ViewBoundary>
      </main>
      <CommandPalette />
      <UndoBar />
      <Toasts />
    </div>
  );
}
