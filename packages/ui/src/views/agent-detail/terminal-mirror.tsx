import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { MirrorSession, type MirrorStatus } from '../../mirror/mirror-session';
import { useFleet } from '../store-context';

const statusText = (status: MirrorStatus): string => {
  switch (status.kind) {
    case 'connecting':
      return 'Connecting to the pane…';
    case 'live':
      return 'Live';
    case 'offline':
      return 'Offline: reconnecting…';
    case 'failed':
      return `Mirror unavailable: ${status.reason}`;
  }
};

/**
 * The live mirror of one pane: xterm.js drawing the pane's `pane.screen` frames. What is typed into it
 * goes to the pane (pane.send), Tab included; Shift+Tab leaves the terminal.
 */
export function TerminalMirror({ paneId, agentName }: { paneId: string; agentName: string }) {
  const client = useFleet((s) => s.client);
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<MirrorStatus>({ kind: 'connecting' });
  const [keyError, setKeyError] = useState<string | null>(null);
  const [reader, setReader] = useState(false);
  const terminalRef = useRef<Terminal | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const terminal = new Terminal({
      cols: 80,
      rows: 24,
      convertEol: false,
      cursorBlink: false,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 13,
      scrollback: 0,
      theme: { background: '#0d1117', foreground: '#e6edf3', cursor: '#e6edf3' },
    });
    terminal.open(element);
    terminalRef.current = terminal;
    terminal.textarea?.setAttribute('aria-label', `Type into ${agentName}'s pane`);
    // Shift+Tab is the way out of the terminal for keyboard users; every other key goes to the pane.
    terminal.attachCustomKeyEventHandler((event) => !(event.key === 'Tab' && event.shiftKey));
    const session = new MirrorSession({
      client,
      paneId,
      sink: { write: (data) => terminal.write(data), resize: (columns, rows) => terminal.resize(columns, rows) },
      // One render per change of kind, not per frame.
      onStatus: (next) => setStatus((previous) => (previous.kind === next.kind && next.kind !== 'failed' ? previous : next)),
      onKeyError: setKeyError,
    });
    const typed = terminal.onData((data) => {
      setKeyError(null);
      session.type(data);
    });
    session.start();
    return () => {
      terminalRef.current = null;
      typed.dispose();
      session.close();
      terminal.dispose();
    };
  }, [client, paneId, agentName]);

  // xterm.js's screen reader mode keeps an accessible copy of the rows and announces new output.
  useEffect(() => {
    if (terminalRef.current) terminalRef.current.options.screenReaderMode = reader;
  }, [reader, paneId]);

  return (
    <section className="panel mirror-panel" aria-labelledby="mirror-heading">
      <div className="mirror-head">
        <h3 id="mirror-heading">Terminal</h3>
        <span className={`mirror-status mirror-${status.kind}`} role="status" data-testid="mirror-status">{statusText(status)}</span>
      </div>
      <div ref={host} className="mirror-terminal" data-testid="mirror" data-pane={paneId} />
      <div className="mirror-foot">
        <p className="muted mirror-hint">Click the terminal (or Tab to it) and type: keys go to the pane. Shift+Tab leaves it.</p>
        <label className="inline-label mirror-reader">
          <input type="checkbox" checked={reader} onChange={(e) => setReader(e.target.checked)} /> Screen reader mode
        </label>
      </div>
      {keyError && <p className="mirror-error" role="alert">Keys not delivered: {keyError}</p>}
    </section>
  );
}
