/**
 * An iTerm2 function-call expression: `name(arg: value, ...)` with JSON-encoded values, which is how
 * iTerm2's expression language writes strings (double quotes, `\"`/`\\` escapes), numbers, bools, null.
 */
export function invocation(name: string, args: Record<string, unknown> = {}): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`Not a function name: ${name}`);
  const parts = Object.entries(args)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return `${name}(${parts.join(', ')})`;
}

/** A node of `iterm2.apply_layout`'s spec (§13). */
export type ApplyLayoutNode =
  | { session_id: string }
  | { new_session: { profile?: string; command?: string } }
  | { vertical: boolean; children: ApplyLayoutNode[] };

export interface ApplyLayoutSpec {
  tabs: { tab_id: string; root: ApplyLayoutNode }[];
  close_sessions?: string[];
  close_tabs?: string[];
  close_windows?: string[];
}

/** The spec travels base64-encoded: the expression parser does not decode `\"` inside strings. */
export const applyLayoutInvocation = (spec: ApplyLayoutSpec) =>
  invocation('iterm2.apply_layout', {
    spec_json_b64: Buffer.from(JSON.stringify(spec), 'utf8').toString('base64'),
  });
