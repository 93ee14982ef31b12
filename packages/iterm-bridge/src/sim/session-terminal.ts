import type { Terminal } from '@xterm/headless';

/**
 * Session variables iTerm2 keeps from what the program writes: `terminalIconName` (OSC 0/1),
 * `terminalWindowName` (OSC 0/2), `bellCount`, plus the selection text and creation time. `report`
 * is called with each variable that changed (its name and new value).
 */
export class TerminalVariables {
  iconName: string | null = null;
  windowName: string | null = null;
  bellCount = 0;
  selection = '';
  readonly createdAt = new Date().toString();

  constructor(
    term: Terminal,
    private readonly report: (name: string, value: string | number | null) => void,
  ) {
    // Returning true keeps xterm.js' own handler from running: nothing reads its title (onTitleChange), and it kept
    // the string it gathered, ~32 bytes a character (a 64 KiB title: 2.1 MB a pane, session 26).
    term.parser.registerOscHandler(0, (data) => this.titles(data, true, true));
    term.parser.registerOscHandler(1, (data) => this.titles(data, true, false));
    term.parser.registerOscHandler(2, (data) => this.titles(data, false, true));
    term.onBell(() => report('bellCount', ++this.bellCount));
  }

  /** iTerm2's session title source: the icon name, else the window name (iTermSessionNameController). */
  get autoName(): string | undefined {
    return this.iconName ?? this.windowName ?? undefined;
  }

  setSelection(text: string): void {
    if (text === this.selection) return;
    this.selection = text;
    this.report('selection', text);
    this.report('selectionLength', text.length);
  }

  private titles(data: string, icon: boolean, window: boolean): boolean {
    const before = this.autoName;
    if (icon) {
      this.iconName = data;
      this.report('terminalIconName', data);
    }
    if (window) {
      this.windowName = data;
      this.report('terminalWindowName', data);
    }
    if (this.autoName !== before) this.report('autoName', this.autoName ?? null);
    return true;
  }
}
