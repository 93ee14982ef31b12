import type { AgentState, KeyName, ScreenStyleRun } from '@switchboard/protocol';

/**
 * The port through which core drives terminals. Implemented by the iTerm2 bridge (real iTerm2 or the
 * embedded iTerm2-API server) and by the in-memory backend. Ids are the backend's own (iTerm2 session,
 * tab and window ids). Layout follows iTerm2's rules: a splitter has at least two children and never
 * nests a splitter of the same orientation directly.
 */
export interface TerminalBackend {
  readonly name: string;
  /**
   * Whether the backend reports every screen change as a `pane.output` event (iTerm2's screen-update
   * notification, the memory backend, tmux's output stream). Unset means yes; `false` makes the screen
   * observer poll observed panes instead.
   */
  readonly notifiesScreenChanges?: boolean;
  /** Creates a pane running `command` (or the default shell) in a new window, a new tab, or a split. */
  createPane(spec: PaneSpec): Promise<PaneInfo>;
  closePane(paneId: string): Promise<void>;
  listPanes(): Promise<PaneInfo[]>;
  /** The current windows → tabs → split trees. */
  getLayout(): Promise<BackendLayout>;
  /** Rearranges existing panes into `layout`, moving live sessions; never restarts one. */
  applyLayout(layout: BackendLayout): Promise<void>;
  /**
   * Types `text` into the pane as a user would (Enter is `\r`). Keys are text too: the contract's KEY_BYTES
   * (`enter` → `\r`, `ctrl+c` → `\x03`, `up` → `ESC [ A`) is what a terminal receives for each.
   */
  sendText(paneId: string, text: string): Promise<void>;
  /** The visible screen, plus up to `scrollback` lines above it when asked. */
  readScreen(paneId: string, options?: ReadScreenOptions): Promise<ScreenSnapshot>;
  /** Kills the pane's job and starts its command again in the same pane (same pane id). */
  restartPane(paneId: string): Promise<void>;
  /** The last `maxLines` lines of scrollback plus screen, oldest first, where the backend keeps scrollback. */
  readHistory?(paneId: string, maxLines: number): Promise<string[]>;
  setAppearance(paneId: string, appearance: PaneAppearance): Promise<void>;
  /** Sets a pane variable. Names follow iTerm2: `user.<name>` with no further dot, else `invalid_input`. */
  setVariable(paneId: string, name: string, value: string): Promise<void>;
  getVariable(paneId: string, name: string): Promise<string | undefined>;
  /** Makes the pane the active one: selects its tab and brings its window to the front. */
  focus(paneId: string): Promise<void>;
  /**
   * The pane that has the keyboard focus now (the active pane of the selected tab of the current window),
   * null when none; absent where the backend cannot tell. Changes arrive as `pane.focused`.
   */
  focusedPane?(): Promise<string | null>;
  /**
   * The broadcast domains (iTerm2's: typing into one pane of a domain types into all of them), as pane
   * ids; absent where the terminal has none. Changes, whoever makes them, arrive as `broadcast.changed`.
   */
  getBroadcastDomains?(): Promise<string[][]>;
  /** Replaces every broadcast domain; each domain's panes must share a window (else `invalid_input`). */
  setBroadcastDomains?(domains: string[][]): Promise<void>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
  close(): Promise<void>;
  /**
   * A backend whose panes run on another machine (tmux over ssh): that machine's side of an agent's
   * launch. Absent on backends of this machine.
   */
  remoteMachine?(): Promise<RemoteMachine>;
  /** The routing backend: the machine of a registered remote host (connected on first use). */
  machineOf?(host: string): Promise<RemoteMachine>;
  /** The routing backend: connects these remote hosts (on first use) and names those unreachable now. */
  unreachableHosts?(hosts: readonly string[]): Promise<string[]>;
}

/**
 * Another machine agents run on, as an agent's launch needs it (docs/remote.md): a private folder there
 * for its launcher and wiring files, written over the existing connection (never a command line), and
 * the address of this host as seen from there (a reverse tunnel bound to that machine's loopback).
 */
export interface RemoteMachine {
  /** Switchboard's folder on that machine (`$HOME/.switchboard`), an absolute POSIX path there. */
  readonly dataDir: string;
  /** This host's base URL from that machine (`http://127.0.0.1:PORT`, the tunnel); `unavailable` without one. */
  hostUrl(): string;
  /** Writes `content` at `path` (absolute, inside `dataDir`): mode 0600, its folders created 0700. */
  writePrivateFile(path: string, content: string): Promise<void>;
  /** Removes a file or folder inside `dataDir` (nothing if absent). */
  remove(path: string): Promise<void>;
  /**
   * Runs a program there (`argv[0]` looked up in that machine's PATH; every word literal, never read by a
   * shell) in `cwd`, with no input. A program that fails is an `ok: false` result, not a rejection; the
   * machine being away, or the program outlasting `timeoutMs`, rejects as `unavailable`.
   */
  run(argv: readonly string[], options: { cwd: string; timeoutMs?: number }): Promise<MachineCommandResult>;
}

/** What a program run on a machine said: `ok` when it exited 0; its outputs trimmed. */
export interface MachineCommandResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export type { KeyName };

export type PanePlacement =
  | { kind: 'window' }
  | { kind: 'tab'; windowId: string }
  | { kind: 'split'; paneId: string; vertical: boolean; before?: boolean };

export interface PaneSpec {
  /** Full command line; the default login shell when absent. */
  command?: string;
  cwd?: string;
  placement?: PanePlacement;
  /** The registered remote host to run on (the routing backend, docs/remote.md); this machine when absent. */
  host?: string;
}

export interface PaneInfo {
  id: string;
  windowId: string;
  tabId: string;
  title: string;
  /** Process id of the pane's job, when the backend knows it. */
  pid: number | null;
  alive: boolean;
}

export interface PaneAppearance {
  tabColor?: string | null;
  badge?: string;
  title?: string;
  /** Ask for the person's attention in the terminal until set false (iTerm2: RequestAttention, the dock icon bounces). */
  attention?: boolean;
  /** The agent's status for the terminal's status bar (iTerm2: Switchboard's status-bar components); null: none. */
  status?: PaneStatusLine | null;
}

/** What a status bar shows for an agent's pane: its state, since when, and the approvals it waits for. */
export interface PaneStatusLine {
  state: AgentState;
  /** ISO time the state began. */
  since: string;
  approvals: number;
}

export interface ReadScreenOptions {
  /** Lines of history above the screen to include (0 = screen only). */
  scrollback?: number;
  /**
   * With `scrollback`: the screen's rows as the caller last read them, for a backend that would otherwise have to
   * ask for the screen's size first (iTerm2 before it has heard the pane's size: a round trip of its own). The
   * answer's `rows` says how the read splits, whatever was told.
   */
  rows?: number;
  /** Also report each line's colours and attributes (`ScreenSnapshot.styles`), where the backend can. */
  styles?: boolean;
  /**
   * Nobody waits on this screen at once (a busy pane read at the observer's busy pace): a backend that reads
   * its connection in batches (iTerm2's read coalescing) may leave the answer in the socket with the
   * notifications for its window, instead of reading every frame as it comes until the answer is in.
   */
  patient?: boolean;
}

export interface ScreenSnapshot {
  /** Scrollback lines asked for (oldest first), then the screen's rows. */
  lines: string[];
  /** Cursor column, and row as an index into `lines`. */
  cursor: { x: number; y: number };
  /**
   * Per line of `lines`: true when it soft-wraps onto the next (the terminal broke a long line at the
   * pane's width), when the backend knows (iTerm2's line continuation); absent when it does not.
   */
  wraps?: boolean[];
  /**
   * Per line of `lines`, when asked for and the backend reports them: the line's look as runs over its
   * text (an empty list: all default). Absent when not asked or not known.
   */
  styles?: ScreenStyleRun[][];
  /** The pane's width in cells, when the backend knows it. */
  columns?: number;
  /**
   * The screen's height in rows as this read found it: the last `rows` of `lines` are the screen, those before
   * them the scrollback asked for. A read with scrollback splits by it, not by the rows its caller last saw (a
   * pane resized without a layout change, as by a person dragging a divider). Absent: the backend cannot tell
   * (then every line of a read without scrollback is the screen).
   */
  rows?: number;
  /**
   * The number of `lines[0]` counted from the pane's first line ever (lines lost from the head of the
   * scrollback included), when the backend knows it (iTerm2's absolute line numbers): two reads' numbers
   * say how many lines scrolled off between them. Absent when the backend cannot tell (tmux).
   */
  firstLine?: number;
}

/** A split tree: leaves are panes; `vertical` splitters lay children side by side. */
export type SplitNode =
  { kind: 'pane'; paneId: string } | { kind: 'split'; vertical: boolean; children: SplitNode[] };

export interface TabLayout {
  tabId?: string;
  root: SplitNode;
}

export interface WindowLayout {
  windowId?: string;
  tabs: TabLayout[];
}

export interface BackendLayout {
  windows: WindowLayout[];
}

export type BackendEvent =
  | { type: 'pane.created'; pane: PaneInfo }
  | { type: 'pane.closed'; paneId: string }
  /** The pane's screen changed (coalesced; read it with readScreen). */
  | { type: 'pane.output'; paneId: string }
  /** Shell-integration marks (OSC 133): a prompt was drawn, a command started, a command finished. */
  | {
      type: 'pane.prompt';
      paneId: string;
      phase: 'prompt' | 'command.started' | 'command.finished';
      command?: string;
      exitStatus?: number;
    }
  /** A program printed `ESC ] 1337 ; Custom=id=<identity>:<payload> BEL`. */
  | { type: 'pane.escape'; paneId: string; identity: string; payload: string }
  | { type: 'pane.focused'; paneId: string }
  /** The person pressed keys in the pane in the terminal itself, where the backend can tell (the input gate pauses automated input). */
  | { type: 'pane.keystroke'; paneId: string }
  /** The person clicked Switchboard's status-bar component in the pane (iTerm2): open its agent in Switchboard. */
  | { type: 'pane.status_clicked'; paneId: string }
  | { type: 'layout.changed' }
  /** The broadcast domains changed (through the API, or by the person in the terminal). */
  | { type: 'broadcast.changed'; domains: string[][] }
  | { type: 'variable.changed'; paneId: string; name: string; value: string }
  /**
   * The pane's process ended; the pane may stay open showing its last screen (iTerm2 TerminateSession).
   * Sent as iTerm2 sends it: twice when a process ended by itself and "Close Sessions On End" then closed
   * the pane, once when the pane was closed by hand. Health counts them to tell the two apart (pane-evidence.ts).
   * A backend that knows says so instead: `endedByItself` (tmux's remain-on-exit saw the program end), with
   * the program's `exitStatus` when it exited rather than died of a signal.
   */
  | { type: 'pane.exited'; paneId: string; endedByItself?: boolean; exitStatus?: number }
  /**
   * The backend lost its terminal host (e.g. iTerm2 quit); calls fail with `unavailable` until reconnected.
   * `host`: only that remote host's connection dropped (the routing backend); its panes' calls fail, others answer.
   */
  | { type: 'backend.disconnected'; host?: string }
  /** Reconnected after `gapMs` ms (`host`: that remote host); events of the gap were missed, so re-read layout and screens. */
  | { type: 'backend.reconnected'; gapMs: number; host?: string };
