import type { BackendEvent, Clock, ScreenSnapshot, TerminalBackend } from '../../src/index';
import { createMemoryBackend } from '../../src/index';

const RULE = '─'.repeat(40);

export type FakeCliState = 'idle' | 'busy' | 'prompt';

interface FakePane {
  shell: boolean;
  state: FakeCliState;
  input: string;
  history: string[];
}

/**
 * A memory backend whose panes behave like a CLI (Claude Code's idle input box `❯` between rules, a
 * working turn, a "Do you want to proceed?" permission prompt) or, with `shell(paneId)`, like a shell
 * (`$ ` at the cursor). Enter at a permission prompt ANSWERS it (as the real one does: the highlighted
 * "Yes"), recorded in `answered`; Enter at a shell records the command line the shell would run in
 * `ran`; Enter in the idle CLI submits the input (recorded in `submitted`) and, with `busyAfterSubmit`,
 * starts a turn. `swallow` Enter presses per pane are ignored. `lateEnter`: a CPU-starved CLI reads each
 * Enter `ms` after it was pressed (the pty keeps it meanwhile); `promptAfterSubmit`: the turn a submit starts
 * draws a permission prompt at once (what a late second Enter would answer). `lateEcho`: typed text shows `ms`
 * after it was typed, and an Enter before that joins the paste as a newline (lost as a submit, as a real TUI
 * does with "text\r" read in one chunk).
 */
export function fakeCliBackend(
  options: {
    swallow?: number;
    busyAfterSubmit?: boolean;
    promptAfterSubmit?: boolean;
    lateEnter?: { clock: Clock; ms: number };
    lateEcho?: { clock: Clock; ms: number };
    onSubmit?: (paneId: string, line: string) => void;
  } = {},
) {
  const inner = createMemoryBackend();
  /** Panes that outlived a previous process (as iTerm2's do when the host dies): known by id only. */
  const survivors = new Set<string>();
  const exists = async (paneId: string) => {
    if (!survivors.has(paneId)) await inner.readScreen(paneId); // not_found for a closed pane, as the real thing
  };
  const panes = new Map<string, FakePane>();
  const listeners = new Set<(event: BackendEvent) => void>();
  const swallowed = new Map<string, number>();
  const pasting = new Set<string>();
  const answered: { paneId: string; input: string }[] = [];
  const ran: { paneId: string; line: string }[] = [];
  const submitted: { paneId: string; line: string }[] = [];
  const keys: { paneId: string; text: string }[] = [];
  const paneOf = (paneId: string): FakePane => {
    let pane = panes.get(paneId);
    if (!pane) panes.set(paneId, (pane = { shell: false, state: 'idle', input: '', history: [] }));
    return pane;
  };
  const changed = (paneId: string) => listeners.forEach((l) => l({ type: 'pane.output', paneId }));
  const screenOf = (pane: FakePane): ScreenSnapshot => {
    if (pane.shell) {
      const lines = [...pane.history, `$ ${pane.input}`];
      return { lines, cursor: { x: lines.at(-1)!.length, y: lines.length - 1 } };
    }
    const body = [...pane.history];
    if (pane.state === 'busy') body.push('✻ Working… (esc to interrupt)');
    if (pane.state === 'prompt')
      body.push(
        'Bash command',
        '  touch pwned',
        'Do you want to proceed?',
        '❯ 1. Yes',
        '  2. No',
        'Esc to cancel',
      );
    const lines = [...body, RULE, `❯ ${pane.input}`, RULE, '  ? for shortcuts'];
    return { lines, cursor: { x: 2 + pane.input.length, y: body.length + 1 } };
  };
  const backend: TerminalBackend = {
    ...inner,
    onEvent(listener) {
      listeners.add(listener);
      const off = inner.onEvent(listener);
      return () => {
        listeners.delete(listener);
        off();
      };
    },
    async listPanes() {
      const alive = [...survivors].map((id) => ({
        id,
        windowId: 'window-survived',
        tabId: 'tab-survived',
        title: id,
        pid: null,
        alive: true,
      }));
      return [...(await inner.listPanes()), ...alive];
    },
    async getVariable(paneId, name) {
      return survivors.has(paneId) ? undefined : inner.getVariable(paneId, name);
    },
    async setVariable(paneId, name, value) {
      if (!survivors.has(paneId)) await inner.setVariable(paneId, name, value);
    },
    async setAppearance(paneId, appearance) {
      if (!survivors.has(paneId)) await inner.setAppearance(paneId, appearance);
    },
    async readScreen(paneId) {
      await exists(paneId);
      return screenOf(paneOf(paneId));
    },
    async sendText(paneId, text) {
      await exists(paneId);
      keys.push({ paneId, text });
      const pane = paneOf(paneId);
      if (text !== '\r') {
        if (pane.state === 'prompt') return;
        if (!options.lateEcho) {
          pane.input += text;
          return changed(paneId);
        }
        pasting.add(paneId);
        options.lateEcho.clock.setTimeout(() => {
          pasting.delete(paneId);
          pane.input += text;
          changed(paneId);
        }, options.lateEcho.ms);
        return;
      }
      if (pasting.has(paneId)) return; // part of the paste still being read: a newline in it, not a submit
      const count = swallowed.get(paneId) ?? 0;
      if (count < (options.swallow ?? 0)) {
        swallowed.set(paneId, count + 1);
        return;
      }
      if (options.lateEnter)
        options.lateEnter.clock.setTimeout(() => readEnter(paneId), options.lateEnter.ms);
      else readEnter(paneId);
    },
  };
  function readEnter(paneId: string): void {
    const pane = paneOf(paneId);
    if (pane.shell) {
      ran.push({ paneId, line: pane.input });
      pane.history.push(`$ ${pane.input}`);
    } else if (pane.state === 'prompt') {
      answered.push({ paneId, input: pane.input });
      pane.state = 'busy';
    } else if (pane.state === 'idle') {
      submitted.push({ paneId, line: pane.input });
      options.onSubmit?.(paneId, pane.input);
      pane.history.push(`> ${pane.input}`);
      if (options.busyAfterSubmit) pane.state = 'busy';
      if (options.promptAfterSubmit) pane.state = 'prompt';
    } else {
      return; // a busy CLI keeps the input queued
    }
    pane.input = '';
    changed(paneId);
  }
  return {
    backend,
    answered,
    ran,
    submitted,
    keys,
    /** A pane that survived the previous process (the fleet re-binds its agent to it). */
    survived(paneId: string) {
      survivors.add(paneId);
    },
    shell(paneId: string) {
      paneOf(paneId).shell = true;
    },
    set(paneId: string, state: FakeCliState) {
      paneOf(paneId).state = state;
      changed(paneId);
    },
    state: (paneId: string) => paneOf(paneId).state,
    /** The person pressed a key in the pane, in the terminal itself (as iTerm2's keystroke monitor reports). */
    personTyped(paneId: string) {
      listeners.forEach((l) => l({ type: 'pane.keystroke', paneId }));
    },
  };
}
