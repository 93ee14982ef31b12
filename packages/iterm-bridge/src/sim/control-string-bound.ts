/**
 * The longest OSC or DCS control string (what follows `ESC ]` or `ESC P` up to its terminator) a pane's output
 * may hand the terminal, as the tmux backend's escape scanner drops an OSC past the same 64 KiB. Titles, user
 * variables, custom escapes, hyperlinks, shell-integration marks, DECRQSS queries are all far shorter.
 */
export const MAX_CONTROL_STRING_LENGTH = 64 * 1024;

const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
const ESC = 0x1b;
const DCS_C1 = 0x90;
const OSC_C1 = 0x9d;
const CUT = '\x18';
/** What may begin a control string: ESC (of `ESC ]`, `ESC P`), the C1 controls DCS and OSC. */
// eslint-disable-next-line no-control-regex
const STARTS = /[\x1b\x90\x9d]/g;
/** What ends an OSC (BEL, CAN, SUB, ESC: an ST or a new sequence, any C1 control); a DCS takes BEL as data. */
// eslint-disable-next-line no-control-regex
const OSC_ENDS = /[\x07\x18\x1a\x1b\x80-\x9f]/g;
// eslint-disable-next-line no-control-regex
const DCS_ENDS = /[\x18\x1a\x1b\x80-\x9f]/g;

type Kind = 'osc' | 'dcs';
type State = 'ground' | 'escape' | Kind | `skip-${Kind}`;

/**
 * Cuts OSC and DCS control strings longer than MAX_CONTROL_STRING_LENGTH out of a pane's output before xterm.js
 * parses it: a CAN (which ends a control string in any terminal, nothing dispatched) where the string passes the
 * bound, then nothing more of it; an OSC's BEL terminator is dropped too (after the CAN it would ring the bell),
 * any other terminator goes through as it would have. Everything else passes untouched, the same object when
 * nothing is cut. SOS, PM and APC strings xterm.js ignores as they come; they pass.
 *
 * Why: xterm.js gathers a control string for each handler registered for it (OSC by number, DCS by its final
 * and intermediates), a string built a character at a time (a rope of ~32 bytes a character, flattened only
 * when read), up to 10,000,000 characters. A pane printing an unterminated 9.9 MB `OSC 0` held +576 MB of the
 * host's heap (two handlers: xterm.js' title and ours), an `OSC 1337`, `OSC 8` or DECRQSS (`DCS $ q`) +288 MB,
 * per pane, for as long as it stayed open (session 26).
 */
export class ControlStringBound {
  private state: State = 'ground';
  private length = 0;

  constructor(private readonly max = MAX_CONTROL_STRING_LENGTH) {}

  /** Output decoded as text (a pty's data, injected bytes decoded). Runs of plain text and of a string are jumped over, not stepped through. */
  text(data: string): string {
    STARTS.lastIndex = 0;
    if (this.state === 'ground' && !STARTS.test(data)) return data;
    const kept: string[] = [];
    let from = 0;
    let i = 0;
    while (i < data.length) {
      const next = this.nextOfInterest(data, i);
      if (next > i && this.skipping()) {
        if (from < i) kept.push(data.slice(from, i));
        from = next;
      }
      i = next;
      if (i >= data.length) break;
      const step = this.step(data.charCodeAt(i));
      if (step !== 'keep') {
        if (from < i) kept.push(data.slice(from, i));
        if (step === 'cut') kept.push(CUT);
        from = i + 1;
      }
      i++;
    }
    if (from === 0) return data;
    if (from < data.length) kept.push(data.slice(from));
    return kept.join('');
  }

  private skipping(): boolean {
    return this.state === 'skip-osc' || this.state === 'skip-dcs';
  }

  /**
   * The first index from `i` where `step` has something to decide: an ESC or a string's start outside one; in
   * one, its end or the character past the bound (the characters jumped over counted); in a skipped one, its end.
   */
  private nextOfInterest(data: string, i: number): number {
    const { state } = this;
    if (state === 'escape') return i;
    const pattern =
      state === 'ground' ? STARTS : state === 'osc' || state === 'skip-osc' ? OSC_ENDS : DCS_ENDS;
    pattern.lastIndex = i;
    const end = pattern.exec(data)?.index ?? data.length;
    if (state !== 'osc' && state !== 'dcs') return end;
    const room = this.max - this.length;
    if (end - i <= room) {
      this.length += end - i;
      return end;
    }
    this.length = this.max;
    return i + room;
  }

  /** One character of output: kept, dropped, or dropped with a CAN before it. */
  private step(code: number): 'keep' | 'drop' | 'cut' {
    const { state } = this;
    if (state === 'skip-osc' || state === 'skip-dcs') {
      if (code === BEL && state === 'skip-osc') {
        this.state = 'ground';
        return 'drop';
      }
      if (!ends(code)) return 'drop';
    }
    if (code === ESC) this.state = 'escape';
    else if (code === OSC_C1 || (state === 'escape' && code === 0x5d)) this.begin('osc');
    else if (code === DCS_C1 || (state === 'escape' && code === 0x50)) this.begin('dcs');
    else if ((state === 'dcs' || (state === 'osc' && code !== BEL)) && !ends(code)) {
      if (++this.length <= this.max) return 'keep';
      this.state = `skip-${state}`;
      return 'cut';
    } else this.state = 'ground';
    return 'keep';
  }

  private begin(kind: Kind): void {
    this.state = kind;
    this.length = 0;
  }
}

/** What ends any control string: ESC (an ST or a new sequence), CAN, SUB, any C1 control. */
const ends = (code: number) => code === ESC || code === CAN || code === SUB || (code >= 0x80 && code <= 0x9f);
