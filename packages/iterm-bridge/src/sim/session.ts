import { randomUUID } from 'node:crypto';
import xtermHeadless from '@xterm/headless';
import type { Terminal as TerminalType } from '@xterm/headless';
import type { IPty } from 'node-pty';
import { reapSession, trackSession } from './process-reaper';
import { commandOf, type JsonValue, type ProfileDict } from './profiles';
import { cursorOffsetInLine, restoreCursorOffset } from './cursor-reflow';
import { numberingOf, type LineNumbering } from './screen';
import { ScreenTop } from './screen-top';
import { PromptLog, type PromptEvent } from './prompts';
import { TerminalVariables } from './session-terminal';
import { ParseQueue } from './parse-queue';
import { disposeWhenQuiet } from './dispose-when-quiet';
import { spawnPty } from './pty-spawn';
import { WorkingDirectory, startingDirectory } from './working-directory';

const { Terminal } = xtermHeadless;

/** How a pane's process is started when its profile does not name a command. */
export interface ShellConfig {
  file: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** What a session reports to the app model (which turns it into API notifications). */
export interface SessionSink {
  screenChanged(session: SimSession): void;
  customEscape(session: SimSession, identity: string | undefined, payload: string): void;
  variableChanged(session: SimSession, name: string, jsonValue: string): void;
  prompt(session: SimSession, event: PromptEvent): void;
  processExited(session: SimSession): void;
  failed(session: SimSession, doing: string, error: unknown): void;
}

export interface SessionInit {
  profile: ProfileDict;
  overrides: ProfileDict;
  cols: number;
  rows: number;
  location: string;
  shell: ShellConfig;
  sink: SessionSink;
}

/** One pane: a real process in a pty whose output is kept by a headless xterm. */
export class SimSession {
  readonly id = randomUUID().toUpperCase();
  readonly term: TerminalType;
  /** Session-local profile overrides (SetProfileProperty with a session target). */
  readonly overrides: ProfileDict;
  readonly userVariables = new Map<string, JsonValue>();
  readonly prompts = new PromptLog();
  profile: ProfileDict;
  explicitName: string | undefined;
  /** Titles from OSC 0/1/2, bell count, selection text (session variables iTerm2 tracks). */
  readonly terminal: TerminalVariables;
  variables = new Map<string, JsonValue>();
  exited = false;
  /** Set by `OSC 1337 ; RequestAttention=yes|once|fireworks`, cleared by `=no` (iTerm2 bounces the dock icon meanwhile). */
  attentionRequested = false;
  private pty: IPty | undefined;
  /** Every write to `term` goes through it: it knows when the screen has caught up with the output. */
  private readonly screen: ParseQueue;
  private readonly top: ScreenTop;
  private readonly sink: SessionSink;
  private readonly shell: ShellConfig;
  private location: string;
  private disposed = false;
  /** Callers waiting on `settled()`: released on dispose, since a disposed terminal never calls back. */
  private readonly settling = new Set<() => void>();
  /** The `path` variable: where the process started, then where the shell says or is seen to be. */
  private readonly directory = new WorkingDirectory((name, value) => this.setBuiltin(name, value));

  constructor(init: SessionInit) {
    this.profile = init.profile;
    this.overrides = init.overrides;
    this.sink = init.sink;
    this.shell = init.shell;
    this.location = init.location;
    // iTerm2 reflows every line on a resize, the cursor's too (xterm.js by default cuts the cursor's line
    // off at the new width): a question at the cursor wraps onto the next row instead of losing its end.
    this.term = new Terminal({
      cols: init.cols,
      rows: init.rows,
      scrollback: this.scrollbackLines(),
      allowProposedApi: true,
      reflowCursorLine: true,
      logLevel: 'off', // xterm.js logged ~770 bytes to stderr for each DEL a pane printed (session 26)
    });
    this.screen = new ParseQueue(this.term);
    this.top = new ScreenTop(this.term);
    this.terminal = new TerminalVariables(this.term, (name, value) => {
      this.sink.variableChanged(this, name, JSON.stringify(value));
      if (name === 'autoName') this.sink.variableChanged(this, 'name', JSON.stringify(this.name));
    });
    this.installEscapeHandlers();
  }

  /** Effective profile value: session override, else the profile's. */
  setting(key: string): JsonValue | undefined {
    return key in this.overrides ? this.overrides[key] : this.profile[key];
  }

  get effectiveProfile(): ProfileDict {
    return { ...this.profile, ...this.overrides };
  }

  get autoName(): string | undefined {
    return this.terminal.autoName;
  }

  get name(): string {
    return this.explicitName ?? this.autoName ?? String(this.setting('Name') ?? 'Session');
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  get pid(): number | undefined {
    return this.pty?.pid;
  }

  get jobName(): string {
    try {
      return this.pty?.process ?? '';
    } catch {
      return '';
    }
  }

  get numbering(): LineNumbering {
    return numberingOf(this.term, this.top.value);
  }

  /** Absolute coordinate of the cursor (y counts overflow and scrollback). */
  cursorAbsolute(): { x: number; y: number } {
    const n = this.numbering;
    return {
      x: this.term.buffer.active.cursorX,
      y: n.overflow + n.history + this.term.buffer.active.cursorY,
    };
  }

  setLocation(location: string): void {
    this.location = location;
  }

  /** Starts (or restarts) the profile's command, or the configured shell. */
  start(): void {
    const command = commandOf(this.effectiveProfile);
    const file = command ? '/bin/sh' : this.shell.file;
    const args = command ? ['-c', command] : this.shell.args;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, this.shell.env, {
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
      TERM_PROGRAM: 'iTerm.app',
      LC_TERMINAL: 'iTerm2',
      ITERM_PROFILE: String(this.setting('Name') ?? 'Default'),
      ITERM_SESSION_ID: `${this.location}:${this.id}`,
      TERM_SESSION_ID: `${this.location}:${this.id}`,
    });
    const cwd = startingDirectory(this.effectiveProfile, this.shell.cwd);
    this.exited = false;
    const pty = spawnPty(file, args, { name: 'xterm-256color', cols: this.cols, rows: this.rows, cwd, env });
    this.pty = pty;
    trackSession(pty.pid);
    this.directory.started(pty.pid, cwd);
    pty.onData((data) => {
      if (this.disposed || this.pty !== pty) return;
      this.screen.write(data, () => this.sink.screenChanged(this));
      this.directory.output(data);
    });
    pty.onExit(() => {
      if (this.disposed || this.pty !== pty) return;
      this.exited = true;
      // The last output reaches the screen before the session is reported gone: at once when it is there already.
      this.screen.whenParsed(() => {
        if (!this.disposed) this.sink.processExited(this);
      });
    });
  }

  /** Typed input (SendText): goes to the process. */
  write(text: string): void {
    if (!this.exited) this.pty?.write(text);
  }

  /** Fake program output (Inject): parsed by the terminal as if the program printed it. */
  inject(data: Uint8Array): void {
    this.screen.write(data, () => this.sink.screenChanged(this));
  }

  /** Resolves once every byte received so far has been parsed into the screen. */
  settled(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return new Promise((resolve) => {
      this.settling.add(resolve);
      this.term.write('', () => {
        this.settling.delete(resolve);
        resolve();
      });
    });
  }

  resize(cols: number, rows: number): void {
    if (cols === this.cols && rows === this.rows) return;
    const cursorOffset = cursorOffsetInLine(this.term);
    const before = { columns: this.cols, rows: this.rows };
    this.top.resize(() => this.term.resize(Math.max(1, cols), Math.max(1, rows)));
    if (before.columns !== this.cols) this.sink.variableChanged(this, 'columns', String(this.cols));
    if (before.rows !== this.rows) this.sink.variableChanged(this, 'rows', String(this.rows));
    if (cursorOffset !== undefined) restoreCursorOffset(this.term, cursorOffset);
    // iTerm2 reports the redrawn screen (a reflowed question reads differently at the new width).
    this.screen.write('', () => this.sink.screenChanged(this));
    if (!this.exited) {
      try {
        this.pty?.resize(Math.max(1, cols), Math.max(1, rows));
      } catch {
        // The process may be gone already; the screen keeps the new size either way.
      }
    }
  }

  restart(): void {
    this.killProcess();
    this.screen.write('\r\n');
    this.start();
  }

  killProcess(): void {
    const pty = this.pty;
    this.pty = undefined;
    if (!pty) return;
    // An exited leader's pid is reaped already (node-pty waited for it): signalling it only throws ESRCH, or
    // reaches whatever process got the pid since. Its session's other processes are still reaped below.
    if (!this.exited) {
      try {
        pty.kill('SIGHUP');
      } catch {
        // already gone
      }
    }
    // SIGHUP is what closing a terminal sends, to the leader only: the rest of its session must not outlive us.
    reapSession(pty.pid);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.directory.dispose();
    this.killProcess();
    // Torn down once panes stop closing (~60-90 µs each; nothing reads it now): a fleet's exits are handled first.
    disposeWhenQuiet(this.term, (error) => this.sink.failed(this, 'tearing down its terminal', error));
    for (const resolve of this.settling) resolve();
    this.settling.clear();
  }

  private scrollbackLines(): number {
    if (this.setting('Unlimited Scrollback') === true) return 100_000;
    const n = this.setting('Scrollback Lines');
    return typeof n === 'number' && n >= 0 ? n : 1000;
  }

  private installEscapeHandlers(): void {
    const parser = this.term.parser;
    parser.registerOscHandler(1337, (data) => this.onOsc1337(data));
    parser.registerOscHandler(133, (data) => {
      const event = this.prompts.mark(
        data,
        this.cursorAbsolute(),
        (from, to) => this.textBetween(from, to),
        this.variables.get('path'),
        this.numbering,
      );
      if (event) this.sink.prompt(this, event);
      return true;
    });
    parser.registerOscHandler(7, (data) => this.directory.reportedUrl(data));
    // Hyperlinks are not modelled (CellStyle.url stays unset): xterm.js' own links cost ~2.5 KB a linked cell.
    parser.registerOscHandler(8, () => true);
    parser.registerOscHandler(6, (data) => {
      this.onTabColor(data);
      return true;
    });
  }

  private onOsc1337(data: string): boolean {
    const eq = data.indexOf('=');
    const key = eq < 0 ? data : data.slice(0, eq);
    const value = eq < 0 ? '' : data.slice(eq + 1);
    switch (key) {
      case 'Custom': {
        // Parameters up to the first ':' (`;`-separated key=value), the payload after it.
        const colon = value.indexOf(':');
        if (colon < 0) return true;
        const params = new Map(
          value
            .slice(0, colon)
            .split(';')
            .map((p) => {
              const i = p.indexOf('=');
              return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
            }),
        );
        this.sink.customEscape(this, params.get('id'), value.slice(colon + 1));
        return true;
      }
      case 'SetUserVar': {
        const i = value.indexOf('=');
        if (i <= 0) return true;
        const name = value.slice(0, i);
        if (name.includes('.')) return true;
        const decoded = Buffer.from(value.slice(i + 1), 'base64').toString('utf8');
        this.setUserVariable(name, decoded);
        return true;
      }
      case 'SetBadgeFormat': {
        this.overrides['Badge Text'] = Buffer.from(value, 'base64').toString('utf8');
        this.sink.variableChanged(this, 'badge', JSON.stringify(this.overrides['Badge Text']));
        return true;
      }
      case 'RequestAttention':
        this.attentionRequested = value !== 'no' && value !== '';
        return true;
      case 'ClearScrollback': // ED 3: the history goes, the screen stays, absolute line numbers do not shift
        this.screen.write('\x1b[3J', () => this.sink.screenChanged(this));
        return true;
      case 'CurrentDir':
        this.directory.reported(value);
        return true;
      case 'RemoteHost': {
        const at = value.indexOf('@');
        if (at >= 0) this.setBuiltin('username', value.slice(0, at));
        this.setBuiltin('hostname', at >= 0 ? value.slice(at + 1) : value);
        return true;
      }
      default:
        return true;
    }
  }

  /** OSC 6 ; 1 ; bg ; red|green|blue ; brightness ; N   or   OSC 6 ; 1 ; bg ; * ; default */
  private onTabColor(data: string): void {
    const parts = data.split(';');
    if (parts[0] !== '1' || parts[1] !== 'bg') return;
    if (parts[2] === '*' && parts[3] === 'default') {
      this.overrides['Use Tab Color'] = false;
      return;
    }
    const component = { red: 'Red Component', green: 'Green Component', blue: 'Blue Component' }[
      parts[2] ?? ''
    ];
    const level = Number(parts[4]);
    if (!component || parts[3] !== 'brightness' || !Number.isFinite(level)) return;
    const current = this.setting('Tab Color');
    const colour = { ...(typeof current === 'object' && current && !Array.isArray(current) ? current : {}) };
    colour[component] = Math.min(255, Math.max(0, level)) / 255;
    colour['Color Space'] = 'sRGB';
    this.overrides['Tab Color'] = colour;
    this.overrides['Use Tab Color'] = true;
  }

  /** Sets `user.<name>` from a string (escape sequence) and reports the change. */
  setUserVariable(name: string, value: JsonValue): void {
    if (value === null) this.userVariables.delete(name);
    else this.userVariables.set(name, value);
    this.sink.variableChanged(this, `user.${name}`, JSON.stringify(value));
  }

  private setBuiltin(name: string, value: JsonValue): void {
    this.variables.set(name, value);
    this.sink.variableChanged(this, name, JSON.stringify(value));
  }

  textBetween(from: { x: number; y: number }, to: { x: number; y: number }): string {
    const n = this.numbering;
    const buffer = this.term.buffer.active;
    let text = '';
    for (let y = from.y; y <= to.y; y++) {
      const line = buffer.getLine(y - n.overflow);
      if (!line) continue;
      const start = y === from.y ? from.x : 0;
      const end = y === to.y ? to.x : this.cols;
      text += line.translateToString(false, start, end);
    }
    return text.trimEnd();
  }
}
