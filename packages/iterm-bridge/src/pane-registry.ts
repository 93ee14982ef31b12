import type { BackendEvent, PaneInfo } from '@switchboard/core';
import { FocusTracker } from './focus-tracker';
import type { ListSessionsResponse } from './gen/api_pb';
import { keepRecent } from './recent-keys';

/**
 * Closed panes remembered against a late listing that still names them. A listing is late by the time of a request
 * or two, not by a thousand closes: older ones are forgotten, so a long run keeps no entry per pane it ever had.
 */
export const GONE_REMEMBERED = 1024;

interface KnownPane {
  info: PaneInfo;
  /** The session's width in cells, from the last listing. */
  columns: number | undefined;
  /** The session's height in rows, from the last listing. */
  rows: number | undefined;
}

/**
 * The panes the backend knows, kept in line with iTerm2's session listings: each pane is announced
 * (`pane.created`) and retired (`pane.closed`) once. Listings arrive in an order that is not always the
 * order they describe: a listSessions answer's continuation can run after a layout notification that
 * came later on the wire. Each listing gets a stamp when it is asked for (a notification's when it
 * arrives); a pane missing from a listing is forgotten only if it was first seen in an older listing.
 */
export class PaneRegistry {
  private readonly known = new Map<string, KnownPane>();
  private readonly gone = new Set<string>();
  private readonly exitedPanes = new Set<string>();
  private readonly pids = new Map<string, number | null>();
  private readonly firstSeen = new Map<string, number>();
  /** Each pane's height as its `rows` variable last said (every resize, a divider dragged too), over a listing's. */
  private readonly heardRows = new Map<string, number>();
  private listingClock = 0;

  /** Where the keyboard focus is; `pane.focused` when it moves (FocusChanged notifications go to it). */
  readonly focus = new FocusTracker(
    () => [...this.known.values()].map((k) => k.info),
    (paneId) => this.emit({ type: 'pane.focused', paneId }),
  );

  constructor(private readonly emit: (event: BackendEvent) => void) {}

  /** The stamp of a listing asked for (or a notification's listing arrived) now. */
  stamp(): number {
    return ++this.listingClock;
  }

  /** Brings the known panes in line with a listing, emitting pane.created / pane.closed once each. */
  reconcile(list: ListSessionsResponse, stamp: number): PaneInfo[] {
    const seen = new Set<string>();
    const panes: PaneInfo[] = [];
    for (const window of list.windows) {
      for (const tab of window.tabs) {
        const visit = (node: NonNullable<typeof tab.root>) => {
          for (const link of node.links) {
            if (link.child.case === 'node') visit(link.child.value);
            else if (link.child.case === 'session') {
              const s = link.child.value;
              if (this.gone.has(s.uniqueIdentifier)) continue;
              seen.add(s.uniqueIdentifier);
              if (!this.firstSeen.has(s.uniqueIdentifier)) this.firstSeen.set(s.uniqueIdentifier, stamp);
              let known = this.known.get(s.uniqueIdentifier);
              const fresh = !known;
              if (!known) {
                known = {
                  info: {
                    id: s.uniqueIdentifier,
                    windowId: '',
                    tabId: '',
                    title: '',
                    pid: null,
                    alive: true,
                  },
                  columns: undefined,
                  rows: undefined,
                };
                this.known.set(s.uniqueIdentifier, known);
              }
              known.columns = s.gridSize?.width || undefined;
              known.rows = s.gridSize?.height || undefined;
              Object.assign(known.info, {
                windowId: window.windowId,
                tabId: tab.tabId,
                title: s.title,
                alive: !this.exitedPanes.has(s.uniqueIdentifier),
              });
              known.info.pid = this.pids.get(s.uniqueIdentifier) ?? null;
              panes.push(known.info);
              if (fresh) this.emit({ type: 'pane.created', pane: { ...known.info } });
            }
          }
        };
        if (tab.root) visit(tab.root);
      }
    }
    for (const id of [...this.known.keys()])
      if (!seen.has(id) && (this.firstSeen.get(id) ?? 0) < stamp) this.forget(id);
    this.focus.recheck();
    return panes;
  }

  /** The pane closed: never listed again (a late listing may still name it). */
  forget(paneId: string): void {
    keepRecent(this.gone, paneId, undefined, GONE_REMEMBERED);
    this.firstSeen.delete(paneId);
    this.pids.delete(paneId);
    this.heardRows.delete(paneId);
    this.exitedPanes.delete(paneId);
    this.focus.forget(paneId);
    if (this.known.delete(paneId)) this.emit({ type: 'pane.closed', paneId });
  }

  /** A placeholder session the layout mover made to hold a new tab: never a pane, whatever a listing says. */
  markGone(sessionId: string): void {
    keepRecent(this.gone, sessionId, undefined, GONE_REMEMBERED);
  }

  /** The pane's program ended (the pane may stay open). */
  exited(paneId: string): void {
    this.exitedPanes.add(paneId);
    const known = this.known.get(paneId);
    if (known) known.info.alive = false;
  }

  /**
   * A session whose program ended before the listing its creator asked for (a command that fails at once): dead,
   * and closed (now, if no listing named it, or already). Undefined when no end was heard for it.
   */
  endedUnlisted(paneId: string): PaneInfo | undefined {
    if (this.known.has(paneId)) return undefined;
    if (this.exitedPanes.delete(paneId)) {
      keepRecent(this.gone, paneId, undefined, GONE_REMEMBERED);
      this.emit({ type: 'pane.closed', paneId });
    } else if (!this.gone.has(paneId)) return undefined;
    return { id: paneId, windowId: '', tabId: '', title: '', pid: null, alive: false };
  }

  /** The pane runs its command again: a new process. */
  restarted(paneId: string): void {
    this.pids.delete(paneId);
    this.exitedPanes.delete(paneId);
  }

  retitled(paneId: string, title: string): void {
    const known = this.known.get(paneId);
    if (known) known.info.title = title;
  }

  columnsOf(paneId: string): number | undefined {
    return this.known.get(paneId)?.columns;
  }

  /** The pane's `rows` variable changed (iTerm2 sets it at every resize, reporting no layout change during a drag). */
  resized(paneId: string, rows: number): void {
    if (Number.isInteger(rows) && rows > 0 && !this.gone.has(paneId)) this.heardRows.set(paneId, rows);
  }

  /** The pane's height in rows as last heard (its `rows` variable, else the last listing), when known. */
  rowsOf(paneId: string): number | undefined {
    return this.heardRows.get(paneId) ?? this.known.get(paneId)?.rows;
  }

  /** Fills in each pane's process id, asked once per pane (a failed ask counts as none). */
  async fillPids(panes: PaneInfo[], pidOf: (paneId: string) => Promise<unknown>): Promise<void> {
    await Promise.all(
      panes
        .filter((p) => !this.pids.has(p.id))
        .map(async (p) => {
          // Swallowed on purpose: a pane that closed meanwhile (or a server without `pid`) has no process id to show.
          const pid = await pidOf(p.id).catch(() => null);
          const value = typeof pid === 'number' ? pid : null;
          this.pids.set(p.id, value);
          p.pid = value;
        }),
    );
  }
}
