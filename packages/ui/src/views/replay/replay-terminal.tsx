import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { MIRROR_TERMINAL_LOOK } from '../../mirror/terminal-look';
import { nothingDrawn, replayStep, type ReplayDrawn, type ReplayLane } from './replay-stream';

/**
 * A read-only xterm.js terminal showing frame `index` of a recording (colours and attributes as recorded).
 * Played forward, the frames in between are written as the terminal stream they were, so its scrollback
 * holds what scrolled by (also the lines that scrolled past between two reads); a step back redraws.
 * A hidden copy of the screen's text serves assistive technology and tests.
 */
export function ReplayTerminal({ lane, index, label }: { lane: ReplayLane; index: number; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const drawn = useRef<ReplayDrawn>(nothingDrawn);
  const screen = lane.screens[index];

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const created = new Terminal({
      // A recorded screen looks as it did in the live mirror.
      ...MIRROR_TERMINAL_LOOK,
      scrollback: 5_000,
      cols: 80,
      rows: 24,
      disableStdin: true,
      fontSize: 12,
    });
    created.open(element);
    created.textarea?.setAttribute('aria-label', label);
    created.textarea?.setAttribute('readonly', '');
    terminal.current = created;
    drawn.current = nothingDrawn;
    return () => {
      terminal.current = null;
      created.dispose();
    };
  }, [label]);

  useEffect(() => {
    const shown = terminal.current;
    if (!shown) return;
    const step = replayStep(lane, drawn.current, index);
    if (step.reset) shown.reset();
    if (step.resize) shown.resize(step.resize.columns, step.resize.rows);
    if (step.data) shown.write(step.data);
    drawn.current = step.drawn;
  }, [lane, index, label]);

  return (
    <div className="replay-terminal">
      <div ref={host} className="replay-xterm" />
      <pre className="visually-hidden" data-testid="replay-screen-text">
        {screen?.lines.join('\n') ?? ''}
      </pre>
    </div>
  );
}
