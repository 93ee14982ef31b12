import type { ViewName } from '../store/shell-store';
import { useShell } from '../views/store-context';

const views: { view: ViewName; label: string; shortcut?: string }[] = [
  { view: 'org', label: 'Org chart' },
  { view: 'attention', label: 'Attention' },
  { view: 'inbox', label: 'Inbox', shortcut: 'i' },
  { view: 'approvals', label: 'Approvals' },
  { view: 'agent', label: 'Agent detail' },
  { view: 'grid', label: 'Terminals' },
  { view: 'dashboard', label: 'Health' },
  { view: 'flow', label: 'Message flow' },
  { view: 'plans', label: 'Plans' },
  { view: 'memory', label: 'Memory' },
  { view: 'search', label: 'Search' },
  { view: 'replay', label: 'Replay' },
  { view: 'manage', label: 'Manage' },
];

/** Navigation between the views; `badges` adds a count after a view's name. */
export function NavTabs({ badges = {} }: { badges?: Partial<Record<ViewName, number>> }) {
  const current = useShell((s) => s.view);
  const setView = useShell((s) => s.setView);
  return (
    <nav className="nav-tabs" aria-label="Views">
      {views.map(({ view, label, shortcut }) => (
        <button
          key={view}
          type="button"
          className={`nav-tab${view === current ? ' active' : ''}`}
          aria-current={view === current ? 'page' : undefined}
          aria-keyshortcuts={shortcut}
          onClick={() => setView(view)}
        >
          {label}
          {badges[view] ? (
            <span
              className="nav-count"
              aria-label={`${badges[view]} ${view === 'inbox' ? 'unread' : 'pending'}`}
            >
              {badges[view]}
            </span>
          ) : null}
        </button>
      ))}
    </nav>
  );
}
