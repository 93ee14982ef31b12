import type { AgentKind } from '@switchboard/protocol';
import { shellQuote } from '../fleet/agent-secrets';

/**
 * The command line an agent's CLI runs with its model and extra words: `claude --model opus --verbose`.
 * Every word is shell-quoted, so an argument can never become a second command. Returns `undefined`
 * when nothing needs adding (the kind's default command line applies).
 */
export function commandWithOptions(spec: {
  kind: AgentKind;
  command?: string | undefined;
  model?: string | undefined;
  args?: readonly string[] | undefined;
}): string | undefined {
  const extra = [...(spec.model === undefined ? [] : ['--model', spec.model]), ...(spec.args ?? [])];
  if (extra.length === 0) return spec.command;
  const base = spec.command ?? (spec.kind === 'shell' || spec.kind === 'custom' ? undefined : spec.kind);
  // A plain shell with args: run the user's shell with them (e.g. `-l`), found through $SHELL at launch.
  return [base ?? '"${SHELL:-/bin/sh}"', ...extra.map(shellQuote)].join(' ');
}
