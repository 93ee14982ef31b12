import { z } from 'zod';
import { Agent, AgentState } from '../model/agent';
import { hasControlCharacters, plainText } from '../model/agent-spec';
import { AgentRef, Id, TeamRef } from '../model/ids';
import {
  HumanNotification,
  LinePattern,
  NotificationLevel,
  PaneTarget,
  PaneView,
  PaneWatch,
} from '../model/pane';
import { PaneKey } from '../model/keys';
import { HexColor } from '../model/team';
import { Caller } from '../identity';
import { defineCommand } from './define';

const Targets = z.array(PaneTarget).min(1).max(32);
/** Printable text for badges and titles: no escape sequences or control characters (newlines allowed in badges). */
const DisplayText = (max: number, newlines: boolean) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlCharacters(s, newlines ? '\n' : ''), 'no control characters');

/** A user variable's name, without iTerm2's `user.` prefix. */
const VariableName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'letters, digits and "_", starting with a letter')
  .describe('user variable name without the "user." prefix');

const ScreenRead = z.object({
  target: z.string(),
  paneId: z.string(),
  agentId: Id.nullable(),
  lines: z.array(z.string()),
  /** Lines available before filtering and trimming. */
  totalLines: z.number().int().nonnegative(),
  cursor: z.object({ x: z.number().int(), y: z.number().int() }).nullable(),
});

export const paneCommands = {
  'pane.list': defineCommand({
    description:
      'List terminal panes with the agent bound to each. Filters: team, agent, role, agentsOnly, alive, titleMatches (regex). ' +
      'A title is shown only for panes you may read (yours; any with pane.read.others), and titleMatches tests only those.',
    input: z.strictObject({
      team: TeamRef.optional(),
      agent: AgentRef.optional(),
      role: z.string().min(1).max(64).optional(),
      agentsOnly: z.boolean().default(false),
      alive: z.boolean().optional(),
      titleMatches: LinePattern.optional(),
    }),
    output: z.object({ panes: z.array(PaneView) }),
    callers: ['human', 'agent'],
  }),
  'pane.read': defineCommand({
    description:
      'Read the screen (or scrollback too) of one or more panes, newest lines last. Targets default to your own pane. ' +
      '`filter` keeps only lines matching a regex; `lines` keeps the last N.',
    input: z.strictObject({
      targets: Targets.optional(),
      lines: z.number().int().min(1).max(10_000).default(50),
      scrollback: z.boolean().default(false).describe('include lines that scrolled off the screen'),
      filter: LinePattern.optional(),
      logical: z
        .boolean()
        .default(false)
        .describe(
          'join the rows the terminal soft-wrapped into the lines the program printed (where the terminal reports wrapping)',
        ),
    }),
    output: z.object({ screens: z.array(ScreenRead) }),
    callers: ['human', 'agent'],
  }),
  'pane.send': defineCommand({
    description:
      'Type text into one or more panes and (by default) press Enter, then confirm the screen reacted. ' +
      'Enter is sent separately after a pause sized to the text, so agent CLIs do not take it as part of a paste.',
    input: z.strictObject({
      targets: Targets,
      text: z.string().max(65_536),
      submit: z.boolean().default(true).describe('press Enter after the text'),
      confirmTimeoutMs: z
        .number()
        .int()
        .min(0)
        .max(10_000)
        .default(2_000)
        .describe('how long to wait for the screen to change after Enter'),
    }),
    output: z.object({
      results: z.array(
        z.object({ target: z.string(), paneId: z.string(), submitted: z.boolean(), confirmed: z.boolean() }),
      ),
    }),
    callers: ['human', 'agent'],
  }),
  'pane.keys': defineCommand({
    description:
      'Press keys or control characters in one or more panes, e.g. ["ctrl+c"], ["escape"], ["down", "enter"].',
    input: z.strictObject({ targets: Targets, keys: z.array(PaneKey).min(1).max(64) }),
    output: z.object({
      results: z.array(z.object({ target: z.string(), paneId: z.string(), sent: z.number().int() })),
    }),
    callers: ['human', 'agent'],
  }),
  'pane.focus': defineCommand({
    description: 'Bring a pane to the front.',
    input: z.strictObject({ target: PaneTarget }),
    output: z.object({ paneId: z.string() }),
    callers: ['human', 'agent'],
  }),
  'pane.setAppearance': defineCommand({
    description: "Set a pane's badge, title or tab colour (never put secrets there).",
    input: z
      .strictObject({
        target: PaneTarget,
        badge: DisplayText(256, true).optional(),
        title: DisplayText(128, false).optional(),
        tabColor: HexColor.nullable().optional(),
      })
      .refine((i) => i.badge !== undefined || i.title !== undefined || i.tabColor !== undefined, {
        message: 'set at least one of badge, title, tabColor',
      }),
    output: z.object({ paneId: z.string() }),
    callers: ['human', 'agent'],
  }),
  'pane.getVariable': defineCommand({
    description: 'Read a user variable of a pane (iTerm2 `user.NAME`).',
    input: z.strictObject({ target: PaneTarget, name: VariableName }),
    output: z.object({ paneId: z.string(), name: z.string(), value: z.string().nullable() }),
    callers: ['human', 'agent'],
  }),
  'pane.setVariable': defineCommand({
    description:
      "Set a user variable of a pane (iTerm2 `user.NAME`); Switchboard's own variables are read-only.",
    input: z.strictObject({ target: PaneTarget, name: VariableName, value: DisplayText(4096, true) }),
    output: z.object({ paneId: z.string(), name: z.string(), value: z.string() }),
    callers: ['human', 'agent'],
  }),
  'pane.waitFor': defineCommand({
    description:
      'Wait until an agent is idle (finished its turn or waiting for input), done (exited or closed), or a line matching ' +
      '`pattern` appears in its pane; at most `timeoutSeconds`. On timeout you get a summary of its screen and can wait again.',
    input: z
      .strictObject({
        target: PaneTarget,
        until: z.enum(['idle', 'done', 'pattern']).default('idle'),
        pattern: LinePattern.optional(),
        timeoutSeconds: z.number().min(0).max(600).default(30),
        includeOutput: z.boolean().default(false).describe('return the last screen lines too'),
      })
      .refine((i) => i.until !== 'pattern' || i.pattern !== undefined, {
        message: 'until "pattern" needs a pattern',
        path: ['pattern'],
      }),
    output: z.object({
      completed: z.boolean(),
      timedOut: z.boolean(),
      elapsedMs: z.number().int().nonnegative(),
      state: AgentState.nullable(),
      matchedLine: z.string().nullable(),
      summary: z.string(),
      output: z.array(z.string()).optional(),
    }),
    callers: ['human', 'agent'],
  }),
  'pane.watch': defineCommand({
    description:
      "Subscribe to a pane's output: whenever a new line matches `pattern`, notify an agent (default: you) or the human " +
      '(`notify: "human"`). `once` removes the watch after its first match.',
    input: z.strictObject({
      target: PaneTarget,
      pattern: LinePattern,
      notify: z
        .string()
        .min(1)
        .max(128)
        .optional()
        .describe('an agent name or id, or "human"; default: the caller'),
      once: z.boolean().default(false),
      label: plainText(1, 128).optional(),
    }),
    output: PaneWatch,
    callers: ['human', 'agent'],
  }),
  'pane.unwatch': defineCommand({
    description: 'Remove an output-pattern subscription.',
    input: z.strictObject({ watchId: Id }),
    output: z.object({ watchId: Id }),
    callers: ['human', 'agent'],
  }),
  'pane.watches': defineCommand({
    description: 'List output-pattern subscriptions (an agent sees those it created or is notified by).',
    input: z.strictObject({}),
    output: z.object({ watches: z.array(PaneWatch) }),
    callers: ['human', 'agent'],
  }),
  'human.notify': defineCommand({
    description: 'Tell the person at Switchboard something: a short summary (and details), with a level.',
    input: z.strictObject({
      level: NotificationLevel.default('info'),
      summary: DisplayText(200, false).pipe(z.string().min(1)),
      details: z.string().max(4000).optional(),
    }),
    output: HumanNotification,
    callers: ['human', 'agent'],
  }),
  'agent.whoami': defineCommand({
    description: 'Who you are: your identity, agent record, role, and the commands (tools) you may call.',
    input: z.strictObject({}),
    output: z.object({
      caller: Caller,
      agent: Agent.nullable(),
      role: z.string().nullable(),
      commands: z.array(z.string()),
    }),
    callers: ['human', 'agent'],
  }),
} as const;
