import { bidiShown } from '@switchboard/protocol';

/**
 * A message body as a person should read it: cut to `max` characters (an ellipsis after the cut) and bidi
 * embeddings, overrides and isolates written out (`[U+202E]`), so a body an agent wrote cannot read reversed.
 * Only for display: what is stored and what agents receive stays as written.
 */
export function shownBody(body: string, max = Infinity): string {
  return bidiShown(body.length > max ? `${body.slice(0, max)}…` : body);
}

/**
 * Characters that draw nothing or change how the text around them is drawn: C0/C1 controls but newline and tab, DEL,
 * the bidi marks, embeddings, overrides and isolates, zero-width spaces and joiners, invisible operators, the byte
 * order mark, soft hyphen, Mongolian vowel separator, Hangul fillers and interlinear annotation marks.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- these are the characters it finds
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]/g;

/**
 * Someone else's words (an agent's, a CLI's screen) as a person should read them in Switchboard's own page: every
 * character that draws nothing or reorders the text around it written out as `[U+200B]`, so nothing in them is
 * hidden, reversed or joined to look like something else; cut after `max` characters, the rest counted. Pure.
 */
export function shownWords(text: string, max = Infinity): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const shown = cut.replace(
    HIDDEN,
    (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
  );
  const rest = text.length - cut.length;
  return rest > 0 ? `${shown}… (${rest.toLocaleString('en')} more characters)` : shown;
}
