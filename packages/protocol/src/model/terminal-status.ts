import { z } from 'zod';
import { Id } from './ids';
import { HexColor } from './team';
import { RoleName } from './message';

/**
 * Variables a badge or title format may use, written `{name}`: the agent's name, role, CLI kind, team,
 * state ("waiting for input"), current task (one line) and number of pending approvals.
 */
export const STATUS_VARIABLES = ['name', 'role', 'kind', 'team', 'state', 'task', 'approvals'] as const;
export type StatusVariable = (typeof STATUS_VARIABLES)[number];

/** Tab colour of an agent's pane: none, the team's colour, or the team's hue toned by the agent's state. */
export const TabColorMode = z.enum(['off', 'team', 'state']);
export type TabColorMode = z.infer<typeof TabColorMode>;

const PLACEHOLDER = /\{([^{}]*)\}/g;
/** Control characters a format may not hold (a newline is allowed: the badge has two lines). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** What is wrong with a format (unknown variables, stray braces, control characters), or nothing. */
export function formatProblems(format: string): string[] {
  const problems: string[] = [];
  const known = new Set<string>(STATUS_VARIABLES);
  for (const [, name] of format.matchAll(PLACEHOLDER))
    if (!known.has(name!))
      problems.push(
        `unknown variable {${name}}: formats know ${STATUS_VARIABLES.map((v) => `{${v}}`).join(' ')}`,
      );
  if (/[{}]/.test(format.replace(PLACEHOLDER, ''))) problems.push('a "{" or "}" outside a {variable}');
  if (CONTROL.test(format)) problems.push('control characters (escape sequences) are not allowed');
  return problems;
}

/** A badge or title format, e.g. "{name}\n{role} · {state}". */
export const StatusFormat = z
  .string()
  .max(200, 'must be at most 200 characters')
  .superRefine((format, ctx) => {
    for (const message of formatProblems(format)) ctx.addIssue({ code: 'custom', message });
  });

/** How one agent's pane shows its status in the terminal. */
export const TerminalStatusStyle = z.strictObject({
  tabColor: TabColorMode,
  badge: StatusFormat,
  title: StatusFormat,
});
export type TerminalStatusStyle = z.infer<typeof TerminalStatusStyle>;

export const TerminalStatusStylePatch = TerminalStatusStyle.partial();
export type TerminalStatusStylePatch = z.infer<typeof TerminalStatusStylePatch>;

/** The default style, overridden field by field by the agent's team, then by its role. */
export const TerminalStatusSettings = z.object({
  default: TerminalStatusStyle,
  teams: z.record(Id, TerminalStatusStylePatch),
  roles: z.record(RoleName, TerminalStatusStylePatch),
});
export type TerminalStatusSettings = z.infer<typeof TerminalStatusSettings>;

/** What an agent's pane shows in the terminal now, as Switchboard draws it there. */
export const TerminalAppearance = z.object({
  title: z.string(),
  badge: z.string(),
  tabColor: HexColor.nullable(),
  /** Switchboard's status-bar component in the pane: "waiting for input · 3m · 1 approval". */
  statusBar: z.string(),
  /** The fleet-summary component: "2 waiting · 12 working · 1 approval". */
  fleetSummary: z.string(),
});
export type TerminalAppearance = z.infer<typeof TerminalAppearance>;
