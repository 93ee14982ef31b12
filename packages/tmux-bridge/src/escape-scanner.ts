/**
 * Finds the escape sequences core listens to in a pane's raw output, which tmux control mode passes
 * through untouched (`%output`): shell-integration marks (OSC 133 A/C/D), iTerm2's custom escape
 * (`OSC 1337 ; Custom=id=ID:PAYLOAD`) and user variables (`OSC 1337 ; SetUserVar=NAME=BASE64`).
 * One scanner per pane; a sequence split across two chunks is completed by the next one. An OSC that
 * never ends is dropped past `MAX_OSC` bytes, so hostile output cannot grow the buffer without bound.
 */
export type ScannedEscape =
  | { kind: 'prompt'; phase: 'prompt' | 'command.started' | 'command.finished'; exitStatus?: number }
  | { kind: 'custom'; identity: string; payload: string }
  | { kind: 'user-variable'; name: string; value: string };

const MAX_OSC = 64 * 1024;
const ESC = 0x1b;
const BEL = 0x07;

export class EscapeScanner {
  /** Bytes of an OSC begun but not ended yet (from its `ESC ]`), or undefined outside one. */
  private pending: number[] | undefined;
  private sawEscape = false;

  /** Scans `bytes` and returns the complete sequences found, in order. */
  scan(bytes: Uint8Array): ScannedEscape[] {
    const found: ScannedEscape[] = [];
    for (const byte of bytes) {
      if (this.pending === undefined) {
        if (this.sawEscape && byte === 0x5d) this.pending = [];
        this.sawEscape = byte === ESC;
        continue;
      }
      if (byte === BEL || (this.sawEscape && byte === 0x5c)) {
        const body = this.sawEscape ? this.pending.slice(0, -1) : this.pending;
        this.pending = undefined;
        this.sawEscape = false;
        const escape = interpret(Buffer.from(body).toString('utf8'));
        if (escape) found.push(escape);
        continue;
      }
      this.sawEscape = byte === ESC;
      this.pending.push(byte);
      if (this.pending.length > MAX_OSC) this.pending = undefined;
    }
    return found;
  }
}

function interpret(osc: string): ScannedEscape | undefined {
  if (osc.startsWith('133;')) {
    const [, mark, status] = osc.split(';');
    if (mark === 'A') return { kind: 'prompt', phase: 'prompt' };
    if (mark === 'C') return { kind: 'prompt', phase: 'command.started' };
    if (mark === 'D') {
      const exitStatus = status !== undefined && /^-?\d+$/.test(status) ? Number(status) : undefined;
      return exitStatus === undefined
        ? { kind: 'prompt', phase: 'command.finished' }
        : { kind: 'prompt', phase: 'command.finished', exitStatus };
    }
    return undefined;
  }
  const custom = /^1337;Custom=id=([^:]*):([\s\S]*)$/.exec(osc);
  if (custom) return { kind: 'custom', identity: custom[1]!, payload: custom[2]! };
  const variable = /^1337;SetUserVar=([^=]+)=([A-Za-z0-9+/=]*)$/.exec(osc);
  if (variable)
    return {
      kind: 'user-variable',
      name: `user.${variable[1]!}`,
      value: Buffer.from(variable[2]!, 'base64').toString('utf8'),
    };
  return undefined;
}
