import type { BackendEvent, PaneInfo } from '@switchboard/core';
import { quote } from './tmux-quote';

/** The tmux window option that groups tmux windows into one Switchboard window. */
export const WINDOW_OPTION = '@switchboard_window';
const PANE_FORMAT = `#{pane_id}\t#{window_id}\t#{${WINDOW_OPTION}}\t#{pane_pid}\t#{pane_dead}\t#{window_name}\t#{pane_title}`;

/** Every pane of the session but the keeper's, as the port describes a pane (a Switchboard window is a group). */
export async function listTmuxPanes(
  run: (command: string) => Promise<string[]>,
  session: string,
  keeper: string,
): Promise<PaneInfo[]> {
  const lines = await run(`list-panes -s -t ${quote(session)} -F "${PANE_FORMAT}"`);
  const panes: PaneInfo[] = [];
  for (const line of lines) {
    const [id, tmuxWindow, group, pid, dead, windowName, ...title] = line.split('\t');
    if (!id || windowName === keeper) continue;
    panes.push({
      id,
      windowId: group ?? '',
      tabId: tmuxWindow ?? '',
      title: title.join('\t'),
      pid: pid ? Number(pid) : null,
      alive: dead !== '1',
    });
  }
  return panes;
}

/**
 * The panes a tmux backend knows, and a fresh listing judged against them: panes a person opened or closed
 * outside Switchboard (or that vanished with a lost connection) are reported created or closed, once.
 */
export class KnownPanes {
  private readonly known = new Set<string>();
  /** Per listing on its way: the panes forgotten meanwhile (it may still hold them; they are gone). */
  private readonly listings = new Set<Set<string>>();

  /** `forgot`: what else the backend keeps per pane is dropped with it. */
  constructor(private readonly forgot: (paneId: string) => void) {}

  has(paneId: string): boolean {
    return this.known.has(paneId);
  }

  add(paneId: string): void {
    this.known.add(paneId);
  }

  forget(paneId: string): void {
    this.known.delete(paneId);
    for (const listing of this.listings) listing.add(paneId);
    this.forgot(paneId);
  }

  /** Lists the panes and reports those that appeared or vanished without us. */
  async judge(list: () => Promise<PaneInfo[]>, emit: (event: BackendEvent) => void): Promise<void> {
    // Only panes known before the listing was asked can be missing from it: one spawned meanwhile was never gone.
    const judged = [...this.known];
    const forgotten = new Set<string>();
    this.listings.add(forgotten);
    try {
      const panes = await list();
      const present = new Set(panes.map((p) => p.id));
      for (const pane of panes) {
        // A pane closed while the listing was on its way is not new: it would be reported closed twice.
        if (this.known.has(pane.id) || forgotten.has(pane.id)) continue;
        this.known.add(pane.id);
        emit({ type: 'pane.created', pane });
      }
      for (const id of judged) {
        if (present.has(id) || !this.known.has(id)) continue;
        this.forget(id);
        emit({ type: 'pane.exited', paneId: id });
        emit({ type: 'pane.closed', paneId: id });
      }
    } finally {
      // Only after the judging: a close whose own listing came back in the same read forgets its pane between
      // this answer and its judging, and the pane would look new.
      this.listings.delete(forgotten);
    }
  }
}
