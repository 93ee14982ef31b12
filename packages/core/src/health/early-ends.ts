import type { BackendEvent } from '../ports/terminal-backend';

/** A pane's end as the backend reports it: its program ended, or the pane closed. */
export type PaneEnd = Extract<BackendEvent, { type: 'pane.exited' | 'pane.closed' }>;

/** Panes whose ends are kept until a watch begins: a spawn's few seconds at most, not every pane a run ever had. */
export const EARLY_ENDS_KEPT = 1024;
/** iTerm2 reports an end by itself twice and then the close: more than that says nothing new. */
const ENDS_PER_PANE = 4;

/** How a watch folds the ends of its pane (pane-evidence.ts), with nothing else known about the pane. */
export interface EndFold {
  alive: boolean;
  terminations: number;
  endedByItself: boolean;
}

/**
 * Was a pane that closes now closed from outside (by hand) rather than by its program ending? While its program
 * ran, yes; iTerm2 reports a program that ended by itself twice before closing its session ("close sessions on
 * end"), a pane closed by hand once; tmux says `endedByItself` outright.
 */
export function closedFromOutside({ alive, terminations, endedByItself }: EndFold): boolean {
  return alive || (terminations < 2 && !endedByItself);
}

/**
 * The ends of panes no agent is watched in yet. A program that ends at once (a command that fails, a CLI not on
 * PATH) can end, and its pane close, while its spawn is still being recorded, before health watches the pane:
 * the watch takes these when it begins, so that end counts as the program's, not as a pane gone by hand.
 */
export class EarlyEnds {
  private readonly byPane = new Map<string, PaneEnd[]>();

  note(event: PaneEnd): void {
    const ends = this.byPane.get(event.paneId) ?? [];
    if (ends.length < ENDS_PER_PANE) ends.push(event);
    this.byPane.delete(event.paneId);
    this.byPane.set(event.paneId, ends);
    for (const oldest of this.byPane.keys()) {
      if (this.byPane.size <= EARLY_ENDS_KEPT) break;
      this.byPane.delete(oldest);
    }
  }

  /** The ends heard for the pane before its watch began, forgotten here. */
  take(paneId: string): PaneEnd[] {
    const ends = this.byPane.get(paneId) ?? [];
    this.byPane.delete(paneId);
    return ends;
  }

  /** Did the pane's program end by itself, as far as its ends heard with no watch tell? */
  programEnded(paneId: string): boolean {
    const fold: EndFold = { alive: true, terminations: 0, endedByItself: false };
    let byHand = false;
    for (const end of this.byPane.get(paneId) ?? []) {
      if (end.type === 'pane.closed') byHand ||= closedFromOutside(fold);
      else {
        fold.terminations++;
        if (end.endedByItself) fold.endedByItself = true;
      }
      fold.alive = false;
    }
    return !fold.alive && !byHand;
  }
}
