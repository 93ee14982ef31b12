import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { RecordedScreen } from '@switchboard/protocol';
import { applyFrame, blankMirror, type MirrorScreen } from '../../mirror/screen-writer';
import { MIRROR_TERMINAL_LOOK } from '../../mirror/terminal-look';
import { mirrorFrameOf } from './replay-model';

/**
 * A read-only xterm.js terminal showing one recorded screen (colours and attributes as recorded), redrawn
 * whenever `screen` changes. `text` mirrors what it shows for assistive technology and tests.
 */
export function ReplayTerminal({ screen, label }: { screen: RecordedScreen | undefined; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | null>(null);
  const drawn = useRef<{ mirror: MirrorScreen; count: number }>({ mirror: blankMirror, count: 0 });

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const created = new Terminal({
      // A recorded screen looks as it did in the live mirror.
      ...MIRROR_TERMINAL_LOOK,
      cols: 80,
      rows: 24,
      disableStdin: true,
      fontSize: 12,
    });
    created.open(element);
    created.textarea?.setAttribute('aria-label', label);
    created.textarea?.setAttribute('readonly', '');
    terminal.current = created;
    drawn.current = { mirror: blankMirror, count: 0 };
    return () => {
      terminal.current = null;
      created.dispose();
    };
  }, [label]);

  useEffect(() => {
    const shown = terminal.current;
    if (!shown) return;
    if (!screen) {
      shown.reset();
      drawn.current = { mirror: blankMirror, count: 0 };
      return;
    }
    const count = drawn.current.count + 1;
    const step = applyFrame(drawn.current.mirror, mirrorFrameOf(screen, count));
    if (step.resize) shown.resize(step.resize.columns, step.resize.rows);
    shown.write(step.data);
    drawn.current = { mirror: step.screen, count };
  }, [screen]);

  return (
    <div className="replay-terminal">
      <div ref={host} className="replay-xterm" />
      <pre className="visually-hidden" data-testid="replay-screen-text">
        {screen?.lines.join('\n') ?? ''}
      </pre>
    </div>
  );
}
