/** Words that start a compound command or a pipeline's negation: `exec` cannot run them. */
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  'in',
  '{',
  '}',
  '!',
  '[[',
  'function',
  'select',
  'time',
  'exec',
]);
/** Shell built-ins with no program of their own: `exec exit 7` would fail where `exit 7` works. */
const BUILTINS_WITHOUT_PROGRAM = new Set([
  '.',
  ':',
  'alias',
  'bg',
  'break',
  'builtin',
  'cd',
  'command',
  'continue',
  'declare',
  'eval',
  'exit',
  'export',
  'fg',
  'getopts',
  'hash',
  'jobs',
  'let',
  'local',
  'read',
  'readonly',
  'return',
  'set',
  'shift',
  'source',
  'times',
  'trap',
  'type',
  'typeset',
  'ulimit',
  'umask',
  'unalias',
  'unset',
  'wait',
]);

/**
 * Whether a shell line is one simple command (no operators, redirections, substitutions or comments
 * outside quotes; no leading assignment, reserved word or built-in without a program), so
 * `exec <line>` runs the same program and the shell does not stay behind as its parent.
 * Conservative: "no" only costs a resident shell.
 */
export function isSimpleCommand(line: string): boolean {
  const first = /^\s*(\S+)/.exec(line)?.[1];
  if (
    first === undefined ||
    /^[A-Za-z_][A-Za-z0-9_]*=/.test(first) ||
    RESERVED.has(first) ||
    BUILTINS_WITHOUT_PROGRAM.has(first)
  )
    return false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote === "'") {
      if (char === "'") quote = null;
    } else if (char === '\\') {
      i++;
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '`' || (char === '$' && line[i + 1] === '(')) return false;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (';&|<>()`#\n\r'.includes(char) || (char === '$' && line[i + 1] === '(')) {
      return false;
    }
  }
  return quote === null;
}
