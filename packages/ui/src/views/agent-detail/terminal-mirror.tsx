import { useState } from 'react';
import { CopyButton } from '../mirror/copy-button';
import { mirrorStatusText, useMirrorTerminal } from '../mirror/use-mirror-terminal';
import { ScrollbackPanel } from './scrollback-panel';

/**
 * The live mirror of one pane, in colour: xterm.js drawing the pane's `pane.screen` frames. What is
 * typed into it goes to the pane (pane.send), Tab included; Shift+Tab leaves the terminal. Fit to
 * width, copy, and the pane's scrollback with search.
 */
export function TerminalMirror({ paneId, agentName }: { paneId: string; agentName: string }) {
  const [fit, setFit] = useState(false);
  const [reader, setReader] = useState(false);
  const [scrollback, setScrollback] = useState(false);
  const { host, terminal, status, keyError, clearKeyError, copyText } = useMirrorTerminal({
    paneId,
    label: `Type into ${agentName}'s pane`,
    interactive: true,
    fit,
  });

  const toggleReader = (on: boolean) => {
    setReader(on);
    // xterm.js's screen reader mode keeps an accessible copy of the rows and announces new output.
    if (terminal.current) terminal.current.options.screenReaderMode = on;
  };

  return (
    <section className="panel mirror-panel" aria-labelledby="mirror-heading">
      <div className="mirror-head">
        <h3 id="mirror-heading">{agentName}&apos;s terminal</h3>
        <span className={`mirror-status mirror-${status.kind}`} role="status" data-testid="mirror-status">
          {mirrorStatusText(status)}
        </span>
      </div>
      <div ref={host} className="mirror-terminal" data-testid="mirror" />
      <div className="mirror-foot">
        <p className="muted mirror-hint">
          Click the terminal (or Tab to it) and type: keys go to the pane. Shift+Tab leaves it.
        </p>
        <label className="inline-label mirror-reader">
          <input type="checkbox" checked={reader} onChange={(e) => toggleReader(e.target.checked)} /> Screen
          reader mode
        </label>
      </div>
      <div className="mirror-tools">
        <label className="inline-label">
          <input type="checkbox" checked={fit} onChange={(e) => setFit(e.target.checked)} /> Fit to width
        </label>
        <CopyButton text={copyText} what={`${agentName}'s screen (or the selection)`} />
        <button
          type="button"
          className="secondary"
          aria-expanded={scrollback}
          onClick={() => setScrollback((open) => !open)}
        >
          {scrollback ? 'Hide scrollback' : 'Scrollback and search'}
        </button>
      </div>
      {keyError && (
        <p className="mirror-error" role="alert">
          Keys not delivered: {keyError}{' '}
          <button type="button" className="link" onClick={clearKeyError}>
            Dismiss
          </button>
        </p>
      )}
      {scrollback && <ScrollbackPanel paneId={paneId} agentName={agentName} />}
    </section>
  );
}
