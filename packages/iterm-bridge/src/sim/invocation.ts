import type { JsonValue } from './profiles';

/** An argument value: a literal, or a variable path evaluated in the caller's scope. */
export type ArgumentValue =
  | { kind: 'literal'; value: JsonValue }
  /** `optional`: written `path?`, an undefined variable is passed as null instead of failing the call. */
  | { kind: 'path'; path: string; optional: boolean };

export interface Invocation {
  name: string;
  args: Map<string, ArgumentValue>;
}

export class InvocationSyntaxError extends Error {}

const IDENT = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parses an iTerm2 function-call expression, `name(arg: value, ...)`. Values are JSON literals
 * (strings with JSON escapes, numbers, true/false/null, arrays, objects) or variable paths.
 */
export function parseInvocation(text: string): Invocation {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const ident = (): string => {
    skip();
    IDENT.lastIndex = i;
    const m = IDENT.exec(text);
    if (!m) throw new InvocationSyntaxError(`expected a name at ${i}`);
    i = IDENT.lastIndex;
    return m[0];
  };
  const expect = (ch: string) => {
    skip();
    if (text[i] !== ch) throw new InvocationSyntaxError(`expected "${ch}" at ${i}`);
    i++;
  };
  const value = (): ArgumentValue => {
    skip();
    const ch = text[i];
    if (ch === '"' || ch === '[' || ch === '{') {
      const start = i;
      let depth = 0;
      let inString = false;
      for (; i < text.length; i++) {
        const c = text[i]!;
        if (inString) {
          if (c === '\\') i++;
          else if (c === '"') {
            inString = false;
            if (depth === 0) break;
          }
        } else if (c === '"') inString = true;
        else if (c === '[' || c === '{') depth++;
        else if (c === ']' || c === '}') {
          depth--;
          if (depth === 0) break;
        }
      }
      if (i >= text.length) throw new InvocationSyntaxError('unterminated literal');
      i++;
      try {
        return { kind: 'literal', value: JSON.parse(text.slice(start, i)) as JsonValue };
      } catch {
        throw new InvocationSyntaxError(`bad literal at ${start}`);
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      i = NUMBER.lastIndex;
      return { kind: 'literal', value: Number(number[0]) };
    }
    const word = ident();
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
    if (word === 'null') return { kind: 'literal', value: null };
    skip();
    const optional = text[i] === '?';
    if (optional) i++;
    return { kind: 'path', path: word, optional };
  };
  const name = ident();
  expect('(');
  const args = new Map<string, ArgumentValue>();
  skip();
  if (text[i] === ')') i++;
  else {
    for (;;) {
      const key = ident();
      expect(':');
      if (args.has(key)) throw new InvocationSyntaxError(`argument ${key} given twice`);
      args.set(key, value());
      skip();
      if (text[i] === ',') {
        i++;
        continue;
      }
      expect(')');
      break;
    }
  }
  skip();
  if (i !== text.length) throw new InvocationSyntaxError(`unexpected text at ${i}`);
  return { name, args };
}
