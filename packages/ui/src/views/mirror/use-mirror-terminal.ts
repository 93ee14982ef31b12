import { useCallback, useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { DEFAULT_FONT_SIZE, fittedFontSize } from '../../mirror/fit-font';
import { MirrorSession, type MirrorStatus } from '../../mirror/mirror-session';
import { printable } from '@switchboard/protocol';
import { MIRROR_TERMINAL_LOOK } from '../../mirror/terminal-look';
import { useFleet } from '../store-context';

export interface MirrorTerminalOptions {
  paneId: string;
  /** The accessible name of the terminal's input (what it mirrors). */
  label: string;
  /** Whether what is typed into it goes to the pane (the detail view) or nowhere (grid tiles). */
  interactive: boolean;
  /** Scale the font so the pane's width fills the box. */
  fit: boolean;
  /** The largest fitted font (small tiles stay short). */
  maxFontSize?: number;
  /** Told the pane's size whenever it changes (the grid picks its columns from it). */
  onSize?: (columns: number, rows: number) => void;
}

/**
 * An xterm.js terminal in `host` showing one pane live (MirrorSession): keys to the pane when
 * interactive, the font fitted to the box's width when `fit`. `copyText()` is the selection, or the
 * whole screen when nothing is selected.
 */
export function useMirrorTerminal({
  paneId,
  label,
  interactive,
  fit,
  maxFontSize,
  onSize,
}: MirrorTerminalOptions) {
  const client = useFleet((s) => s.client);
  const host = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | null>(null);
  const sessionRef = useRef<MirrorSession | null>(null);
  const fitRef = useRef(fit);
  const maxFontRef = useRef(maxFontSize);
  maxFontRef.current = maxFontSize;
  const onSizeRef = useRef(onSize);
  onSizeRef.current = onSize;
  const [status, setStatus] = useState<MirrorStatus>({ kind: 'connecting' });
  const [keyError, setKeyError] = useState<string | null>(null);

  /** Two passes: the second corrects the pixel rounding of the first. */
  const refit = useCallback(() => {
    const terminal = terminalRef.current;
    const element = host.current;
    if (!terminal || !element) return;
    const pass = (left: number) => {
      // The box is as wide as the terminal (at most its container): what it may fill is the container's width.
      const screen = element.querySelector('.xterm-screen');
      const style = getComputedStyle(element);
      const container = element.parentElement;
      const containerStyle = container ? getComputedStyle(container) : undefined;
      const room = container
        ? container.clientWidth -
          parseFloat(containerStyle!.paddingLeft) -
          parseFloat(containerStyle!.paddingRight)
        : element.clientWidth;
      const available =
        room -
        parseFloat(style.paddingLeft) -
        parseFloat(style.paddingRight) -
        parseFloat(style.borderLeftWidth) -
        parseFloat(style.borderRightWidth);
      const wanted = fitRef.current
        ? fittedFontSize(
            terminal.options.fontSize ?? DEFAULT_FONT_SIZE,
            screen?.getBoundingClientRect().width ?? 0,
            available,
            maxFontRef.current,
          )
        : DEFAULT_FONT_SIZE;
      if (wanted !== terminal.options.fontSize) terminal.options.fontSize = wanted;
      if (left > 0) requestAnimationFrame(() => terminalRef.current === terminal && pass(left - 1));
    };
    pass(1);
  }, []);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const terminal = new Terminal({
      cols: 80,
      rows: 24,
      ...MIRROR_TERMINAL_LOOK,
      convertEol: false,
      disableStdin: !interactive,
      fontSize: DEFAULT_FONT_SIZE,
    });
    terminal.open(element);
    terminalRef.current = terminal;
    terminal.textarea?.setAttribute('aria-label', label);
    if (!interactive) terminal.textarea?.setAttribute('readonly', '');
    // Shift+Tab is the way out of the terminal for keyboard users; every other key goes to the pane.
    terminal.attachCustomKeyEventHandler((event) => !(event.key === 'Tab' && event.shiftKey));
    const session = new MirrorSession({
      client,
      paneId,
      sink: {
        write: (data) => terminal.write(data),
        resize: (columns, rows) => {
          terminal.resize(columns, rows);
          onSizeRef.current?.(columns, rows);
          requestAnimationFrame(refit);
        },
      },
      // One render per change of kind, not per frame.
      onStatus: (next) =>
        setStatus((previous) => (previous.kind === next.kind && next.kind !== 'failed' ? previous : next)),
      onKeyError: setKeyError,
    });
    sessionRef.current = session;
    const typed = interactive
      ? terminal.onData((data) => {
          setKeyError(null);
          session.type(data);
        })
      : undefined;
    const resized = new ResizeObserver(() => refit());
    resized.observe(element.parentElement ?? element);
    session.start();
    return () => {
      resized.disconnect();
      terminalRef.current = null;
      sessionRef.current = null;
      typed?.dispose();
      session.close();
      terminal.dispose();
    };
  }, [client, paneId, label, interactive, refit]);

  useEffect(() => {
    fitRef.current = fit;
    refit();
  }, [fit, refit, maxFontSize]);

  const copyText = useCallback((): string => {
    const selected = terminalRef.current?.getSelection() ?? '';
    if (selected) return selected;
    const lines = sessionRef.current?.current.lines ?? [];
    return lines
      .map((line) => printable(line).trimEnd())
      .join('\n')
      .trimEnd();
  }, []);

  return { host, terminal: terminalRef, status, keyError, clearKeyError: () => setKeyError(null), copyText };
}

export const mirrorStatusText = (status: MirrorStatus): string => {
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
