import type { Terminal } from '@xterm/headless';
import { CombiningBound } from './combining-bound';
import { ControlStringBound } from './control-string-bound';
import { boundCounts } from './count-bound';
import { boundRepeats } from './repeat-bound';

/**
 * A session's writes to its terminal, counted until xterm has parsed them (it parses on a timer of its own,
 * not in `write`). `whenParsed` runs at once when nothing written is still waiting, so an event that must
 * follow the output on screen (the process's exit) costs no extra event-loop turn when the screen is up to date.
 */
export class ParseQueue {
  private unparsed = 0;
  /** Everything the terminal parses comes through here: OSC and DCS strings past their bound are cut… */
  private readonly strings = new ControlStringBound();
  /** …and runs of combining codepoints past theirs. */
  private readonly joined = new CombiningBound();
  /**
   * Injected bytes (the API's Inject) are decoded here, a sequence split between injects kept for the next, so they
   * meet the same bounds as the pty's text: before session 27 they went to xterm.js as bytes, past the combining bound.
   * Bytes that are not UTF-8 read as U+FFFD (xterm.js' own decoder skipped them).
   */
  private readonly injected = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(private readonly term: Terminal) {
    boundRepeats(term);
    boundCounts(term);
  }

  write(data: string | Uint8Array, parsed?: () => void): void {
    this.unparsed++;
    const text = typeof data === 'string' ? data : this.injected.decode(data, { stream: true });
    this.term.write(this.strings.text(this.joined.text(text)), () => {
      this.unparsed--;
      parsed?.();
    });
  }

  /** Runs `then` once everything written so far is on the screen: now, when nothing is waiting. */
  whenParsed(then: () => void): void {
    if (this.unparsed === 0) then();
    else this.write('', then);
  }
}
