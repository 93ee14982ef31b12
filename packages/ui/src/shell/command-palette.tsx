import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { shownItem } from '../approvals/item-words';
import { verdictButton } from '../approvals/triage';
import { useMoveAgents } from '../views/org-chart/use-move-agents';
import { useFleet, useShell, useStaged, useUndoable } from '../views/store-context';
import { focusNeedsYou } from './needs-you-shortcut';
import { paletteEntries, type PaletteEntry } from './palette-entries';

/** Ctrl/Cmd+K: type to find a command (spawn, move, focus, go to a view, theme; fuzzy, recent ones first) and press Enter. */
export function CommandPalette() {
  const open = useShell((s) => s.paletteOpen);
  const setOpen = useShell((s) => s.setPaletteOpen);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setOpen]);
  return open ? <PaletteDialog onClose={() => setOpen(false)} /> : null;
}

function PaletteDialog({ onClose }: { onClose(): void }) {
  const fleet = useFleet((s) => s.fleet);
  const spawnAgent = useFleet((s) => s.spawnAgent);
  const moveAgents = useMoveAgents();
  const undoMove = useUndoable((s) => s.undo);
  const runChartCommand = useShell((s) => s.runChartCommand);
  const notify = useFleet((s) => s.notify);
  const focusPane = useFleet((s) => s.focusPane);
  const stage = useStaged((s) => s.stage);
  const setDoNotDisturb = useFleet((s) => s.setDoNotDisturb);
  const setFocusFollows = useShell((s) => s.setFocusFollows);
  const muteTeam = useFleet((s) => s.muteTeam);
  const setView = useShell((s) => s.setView);
  const setTheme = useShell((s) => s.setTheme);
  const focusAgent = useShell((s) => s.focusAgent);
  const openAgent = useShell((s) => s.openAgent);
  const recents = useShell((s) => s.recentCommands);
  const rememberCommand = useShell((s) => s.rememberCommand);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // Dismissed (Escape, a click beside it), the keyboard goes back where it was when the palette opened — the
  // Commands button, a card, a field — not to the page's body (session 26's review of the keyboard paths).
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  const dismiss = () => {
    onClose();
    if (opener?.isConnected && opener !== document.body) opener.focus();
  };
  const entries = useMemo(() => paletteEntries(fleet, query, recents), [fleet, query, recents]);
  const current = Math.min(active, Math.max(0, entries.length - 1));

  useEffect(() => input.current?.focus(), []);

  const run = async ({ id, action }: PaletteEntry) => {
    if (action.type === 'fill') {
      setQuery(action.text);
      input.current?.focus();
      return;
    }
    rememberCommand(id);
    onClose();
    switch (action.type) {
      case 'view':
        return setView(action.view);
      case 'theme':
        return setTheme(action.theme);
      case 'open':
        return openAgent(action.agentId);
      case 'focus':
        focusAgent(action.agentId);
        await focusPane(action.agentId);
        return;
      case 'spawn':
        await spawnAgent({
          name: action.name,
          kind: action.kind,
          ...(action.teamId ? { team: action.teamId } : {}),
        });
        return;
      case 'decide': {
        // Like the queue: held for the undo window, then sent.
        const approval = fleet.approvals[action.approvalId];
        if (!approval) return;
        const button = verdictButton(approval, action.verdict);
        stage(
          [{ id: approval.id, verdict: button.verdict, ...(button.choice ? { choice: button.choice } : {}) }],
          `${action.verdict === 'approve' ? 'Approved' : 'Denied'}: ${shownItem(fleet, approval)}`,
        );
        return;
      }
      case 'doNotDisturb':
        await setDoNotDisturb(action.enabled);
        return;
      case 'focusFollows':
        return setFocusFollows(action.enabled);
      case 'chart':
        return runChartCommand(action.command);
      case 'needsYou':
        return focusNeedsYou(setView);
      case 'undoMove': {
        const outcome = await undoMove();
        if (outcome === false)
          notify({
            tone: 'info',
            title: 'Nothing to undo',
            body: 'No move is within its 5 s undo window.',
            agentId: null,
          });
        else if (!outcome.ok)
          notify({ tone: 'error', title: 'Could not undo the move', body: outcome.reason, agentId: null });
        return;
      }
      case 'muteTeam':
        await muteTeam(action.teamId, action.muted);
        return;
      case 'move': {
        const position = Object.values(fleet.agents).filter((a) => a.teamId === action.teamId).length;
        const outcome = await moveAgents([action.agentId], action.teamId, position);
        if (!outcome.ok)
          notify({ tone: 'error', title: 'Move refused', body: outcome.reason, agentId: null });
        return;
      }
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') dismiss();
    else if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, entries.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') {
      const entry = entries[current];
      if (entry) void run(entry);
    } else return;
    event.preventDefault();
  };

  return (
    <div className="palette-backdrop" onMouseDown={dismiss}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={entries[current] ? `palette-${current}` : undefined}
          aria-label="Command"
          placeholder="Type a command: focus, spawn NAME, move AGENT TEAM, approvals, theme…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {entries.map((entry, index) => (
            <li
              key={entry.id}
              id={`palette-${index}`}
              role="option"
              aria-selected={index === current}
              className={index === current ? 'active' : undefined}
              onMouseEnter={() => setActive(index)}
              onClick={() => void run(entry)}
            >
              <span>{entry.label}</span>
              <span className="muted">
                {entry.recent ? <span className="palette-recent">recent · </span> : null}
                {entry.hint}
              </span>
            </li>
          ))}
          {entries.length === 0 && (
            <li className="muted" role="option" aria-selected="false" aria-disabled="true">
              No matching command
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
