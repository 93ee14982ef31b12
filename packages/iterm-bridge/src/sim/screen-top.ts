import type { Terminal } from '@xterm/headless';

/** The internal list of the normal buffer's lines (pinned @xterm/headless): told when lines drop off its head. */
interface TrimmedLines {
  onTrim?: (listener: (amount: number) => void) => unknown;
}

/**
 * The absolute number of the normal screen's first line, as iTerm2 counts it (lines dropped off the head of the
 * scrollback included): `numberingOf`'s overflow is this less the scrollback. A line scrolled into the scrollback
 * adds one. A resize moves the screen's top over lines that keep their numbers: a taller pane pulls lines back from
 * the scrollback, a shorter one pushes its top rows into it (dropping as many off the head when it is full), and a
 * new width re-wraps it — xterm.js reports none of these as a scroll, so the screen's top moves by the scrollback's
 * change plus the lines dropped. (Counting scrolls alone numbered every line 12 higher after a pane grew 12 rows:
 * lines already read came back under new numbers, and a recording recorded them again.)
 */
export class ScreenTop {
  value = 0;
  private dropped = 0;

  constructor(private readonly term: Terminal) {
    term.onScroll(() => {
      if (term.buffer.active.type === 'normal') this.value++;
    });
    const internal = term as unknown as {
      _core?: { _bufferService?: { buffers?: { normal?: { lines?: TrimmedLines } } } };
    };
    const lines = internal._core?._bufferService?.buffers?.normal?.lines;
    // If xterm's insides ever change shape, a resize of a full scrollback is off by the lines it dropped.
    if (typeof lines?.onTrim === 'function') lines.onTrim((amount) => (this.dropped += amount));
  }

  /** Runs `resize`, keeping every line's number. */
  resize(resize: () => void): void {
    const normal = this.term.buffer.normal;
    const scrollback = normal.baseY;
    const dropped = this.dropped;
    resize();
    this.value = Math.max(0, this.value + normal.baseY - scrollback + (this.dropped - dropped));
  }
}
