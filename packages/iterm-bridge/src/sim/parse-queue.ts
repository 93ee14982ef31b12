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
  /** Everything the terminal parses comes through here: OSC and DCS strings past their bound are cut. */
  private readonly strings = new ControlStringBound();
  /** …and runs of combining codepoints past theirs (text from the pty; injected bytes are not decoded here). */
  private readonly joined = new CombiningBound();

  constructor(private readonly term: Terminal) {
    boundRepeats(term);
    boundCounts(term);
  }

  write(data: string | Uint8Array, parsed?: () => void): void {
    this.unparsed++;
    this.term.write(
      typeof data === 'string' ? this.strings.text(this.joined.text(data)) : this.strings.bytes(data),
      () => {
        this.unparsed--;
        parsed?.();
      },
    );
  }

  /** Runs `then` once everything written so far is on the screen: now, when nothing is waiting. */
  whenParsed(then: () => void): void {
    if (this.unparsed === 0) then();
    else this.write('', then);
  }
}
