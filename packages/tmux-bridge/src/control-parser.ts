/**
 * A streaming parser for tmux control mode (`tmux -C`), as tmux(1) "CONTROL MODE" defines it: every
 * command's reply is a block `%begin TIME NUMBER FLAGS` … `%end|%error TIME NUMBER FLAGS`, and anything
 * else on a line of its own that starts with `%` is a notification (`%output %1 data`, `%window-add @2`,
 * `%layout-change @1 …`, `%exit`). A block ends only at the `%end`/`%error` line that repeats its own
 * time and number, so a reply line that happens to start with `%end` cannot close it early.
 */

/** A command's reply. `fromClient` is tmux's flag 1: the command was sent by this client. */
export interface ControlReply {
  number: number;
  fromClient: boolean;
  ok: boolean;
  lines: string[];
}

export interface ControlNotification {
  /** Without the leading `%`, e.g. `output`, `window-add`, `exit`. */
  name: string;
  /** The rest of the line after the name (for `%output`, still escaped). */
  rest: string;
}

export interface ControlParserHandlers {
  onReply(reply: ControlReply): void;
  onNotification(notification: ControlNotification): void;
}

const BEGIN = /^%begin (\d+) (\d+) (\d+)$/;

/** Feeds text (as it arrives, any chunking) and calls back once per complete reply or notification. */
export class ControlParser {
  private partial = '';
  private open: { time: string; number: string; flags: string; lines: string[] } | undefined;

  constructor(private readonly handlers: ControlParserHandlers) {}

  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  private line(line: string): void {
    const open = this.open;
    if (open) {
      const tail = ` ${open.time} ${open.number} ${open.flags}`;
      if (line === `%end${tail}` || line === `%error${tail}`) {
        this.open = undefined;
        this.handlers.onReply({
          number: Number(open.number),
          fromClient: (Number(open.flags) & 1) === 1,
          ok: line.startsWith('%end'),
          lines: open.lines,
        });
      } else open.lines.push(line);
      return;
    }
    const begin = BEGIN.exec(line);
    if (begin) {
      this.open = { time: begin[1]!, number: begin[2]!, flags: begin[3]!, lines: [] };
      return;
    }
    if (!line.startsWith('%')) return; // tmux writes nothing else outside a block; ignore stray text
    const space = line.indexOf(' ');
    this.handlers.onNotification(
      space < 0
        ? { name: line.slice(1), rest: '' }
        : { name: line.slice(1, space), rest: line.slice(space + 1) },
    );
  }
}

/**
 * Undoes `%output`'s escaping: tmux writes bytes below 32 and the backslash as a backslash and three
 * octal digits, everything else as is. `escaped` is the line read as latin1 (one char per byte), so a
 * UTF-8 character split across two notifications survives. Returns the raw bytes the program wrote.
 */
export function decodeOutput(escaped: string): Uint8Array {
  const source = Buffer.from(escaped, 'latin1');
  const bytes = new Uint8Array(source.length);
  let length = 0;
  for (let i = 0; i < source.length; i++) {
    const byte = source[i]!;
    if (
      byte === 0x5c &&
      i + 3 < source.length &&
      isOctal(source[i + 1]) &&
      isOctal(source[i + 2]) &&
      isOctal(source[i + 3])
    ) {
      bytes[length++] = ((source[i + 1]! - 48) << 6) | ((source[i + 2]! - 48) << 3) | (source[i + 3]! - 48);
      i += 3;
    } else bytes[length++] = byte;
  }
  return bytes.subarray(0, length);
}

const isOctal = (byte: number | undefined) => byte !== undefined && byte >= 48 && byte <= 55;

/** The escaping tmux applies to `%output` data (as a latin1 string), for tests that build recorded streams. */
export function encodeOutput(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes)
    out += byte < 32 || byte === 0x5c ? `\\${byte.toString(8).padStart(3, '0')}` : String.fromCharCode(byte);
  return out;
}

/** Notifications of a structural change (windows, panes, layouts): the panes are worth listing again. */
export const STRUCTURAL_NOTIFICATIONS: ReadonlySet<string> = new Set([
  'window-add',
  'window-close',
  'unlinked-window-close',
  'unlinked-window-add',
  'layout-change',
  'sessions-changed',
]);
