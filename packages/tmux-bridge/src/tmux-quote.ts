/**
 * Words for tmux's command language, as sent over control mode (one command a line). Double quotes
 * with tmux's escapes keep `$`, `~`, `;`, quotes and control characters literal; `formatted` also
 * doubles `#` for arguments tmux expands as formats (`select-pane -T`, `-c start-directory`).
 */
export function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\' || char === '"' || char === '$') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 32 || code === 127) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** `quote` for an argument tmux expands as a format: a literal `#` is written `##`. */
export const formatted = (text: string): string => quote(text.replaceAll('#', '##'));

/** Bytes as `send-keys -H` arguments, in chunks that keep each command line short. */
export function hexChunks(bytes: Uint8Array, perCommand = 512): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += perCommand) {
    chunks.push(
      Array.from(bytes.subarray(i, i + perCommand), (b) => b.toString(16).padStart(2, '0')).join(' '),
    );
  }
  return chunks;
}

/** User variable `user.NAME` as a tmux pane option: `@user_` then NAME with anything unusual hex-escaped. */
export function variableOption(name: string): string {
  return `@user_${name.slice('user.'.length).replace(/[^A-Za-z0-9_-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
}

/** One word for a POSIX shell: single-quoted, a quote inside written '\''. */
export const shellWord = (word: string): string =>
  /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
