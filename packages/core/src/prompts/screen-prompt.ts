import type { AgentKind } from '@switchboard/protocol';
import { lineBeforeCursor } from '../panes/line-before-cursor';
import type { ScreenSnapshot } from '../ports/terminal-backend';
import { promptIdentity, type PromptIdentity } from './prompt-identity';

/** One option of a CLI's prompt, as drawn. */
export interface PromptChoice {
  label: string;
  /** The option the CLI's cursor is on (`❯`, `›`, `●`). */
  selected: boolean;
}

/** A permission or question prompt read off a pane's screen. */
export interface ScreenPrompt {
  /** How to answer it: a TUI's selectable list, or a line-oriented `[y/n]` question typed at the cursor. */
  style: 'select' | 'typed';
  /** What the CLI asks permission for ("Bash command", "Shell"); null when it does not say. */
  tool: string | null;
  /** The command or file in question, as shown. */
  command: string | null;
  /** The CLI's own one-line description of the action, when shown. */
  description: string | null;
  question: string;
  choices: PromptChoice[];
  /** The option meaning "no" (by index), if the CLI offers one; otherwise denying presses Escape. */
  denyIndex: number | undefined;
  /**
   * Who the prompt is, however the pane is sized (wrapping is ignored, a dialog scrolled short keeps its
   * question and choices) and wherever it is drawn: compare two with `samePrompt`.
   */
  identity: PromptIdentity;
}

const SELECT_MARK = /[❯›>●]/;
/** A numbered option line: optional cursor mark, number, label. */
const CHOICE_LINE = /^\s*([❯›>●])?\s*(\d{1,2})\.\s+(\S.*)$/;
/** The line of an unnumbered option under Claude Code's cursor mark. */
const UNNUMBERED_MARK = /^\s*❯\s+\S/;
const FULL_RULE = /^\s*─{20,}\s*$/;
const DASHED_RULE = /^\s*╌{20,}\s*$/;
const NO_LABEL = /^(no\b|deny\b|reject\b|cancel\b)/i;
/** Line-oriented confirmations at the cursor. */
const TYPED_CONFIRM = /^(.*\S)\s*(\[y\/n\]|\(y\/n\)|\[yes\/no\]|\(yes\/no\))\s*[:?]?\s*$/i;

/** Removes a dialog box's side borders, as Gemini CLI and Codex draw them. */
function unbox(line: string): string {
  return line
    .replace(/^\s*[│|▌]\s?/, ' ')
    .replace(/\s*[│|]\s*$/, '')
    .trimEnd();
}

/**
 * The prompt on screen for an agent's CLI, or undefined. Pure and strict: a numbered list is a prompt
 * only with a cursor mark on one option, at least two options, and a question above it, drawn in the
 * bottom part of the screen; a shell's prompt only when a `[y/n]`-style question sits at the cursor.
 */
export function readPrompt(kind: AgentKind, screen: ScreenSnapshot): ScreenPrompt | undefined {
  if (kind === 'shell' || kind === 'custom') return typedPrompt(kind, screen);
  return selectPrompt(kind, screen);
}

function typedPrompt(kind: AgentKind, screen: ScreenSnapshot): ScreenPrompt | undefined {
  // A question that starts mid-sentence ("? [y/N]", "ion? [y/N]") wrapped from the rows above.
  const line = lineBeforeCursor(screen);
  const match = TYPED_CONFIRM.exec(line.trim());
  if (!match) return undefined;
  const long = /yes/i.test(match[2]!);
  const choices = [
    { label: long ? 'yes' : 'y', selected: false },
    { label: long ? 'no' : 'n', selected: false },
  ];
  const question = `${match[1]!} ${match[2]!}`.trim();
  // Not the row: a program that asks again on a new line (a flapping prompt) asks the same question.
  const identity = promptIdentity(kind, { details: [], question, labels: choices.map((c) => c.label) });
  return {
    style: 'typed',
    tool: null,
    command: null,
    description: null,
    question,
    choices,
    denyIndex: 1,
    identity,
  };
}

function selectPrompt(kind: AgentKind, screen: ScreenSnapshot): ScreenPrompt | undefined {
  const all = screen.lines.map(unbox);
  let end = all.length;
  while (end > 0 && all[end - 1]!.trim() === '') end--;
  const lines = all.slice(0, end);
  const bottom = Math.max(0, lines.length - 40);
  let first = -1;
  for (let i = lines.length - 1; i >= bottom; i--) {
    const match = CHOICE_LINE.exec(lines[i]!);
    if (match && match[2] === '1') {
      first = i;
      break;
    }
  }
  if (first < 0) return kind === 'claude' ? unnumberedPrompt(kind, lines, bottom) : undefined;
  const choices: PromptChoice[] = [];
  let expected = 1;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    const match = CHOICE_LINE.exec(line);
    if (match && Number(match[2]) === expected) {
      choices.push({
        label: match[3]!.trim(),
        selected: match[1] !== undefined && SELECT_MARK.test(match[1]),
      });
      expected++;
    } else if (
      line.trim() !== '' &&
      choices.length > 0 &&
      /^\s{4,}\S/.test(line) &&
      !CHOICE_LINE.test(line)
    ) {
      // A long label wraps onto an indented line.
      const last = choices[choices.length - 1]!;
      last.label = `${last.label} ${line.trim()}`;
    } else break;
  }
  if (choices.length < 2 || !choices.some((c) => c.selected)) return undefined;
  const questionAt = findUp(lines, first - 1, Math.max(bottom, first - 12), (l) => /\?\s*$/.test(l.trim()));
  if (questionAt < 0) return undefined;
  return selectList(kind, lines, bottom, questionAt, first, choices);
}

/**
 * Claude Code's tool-permission dialogs with an unnumbered list (2.1.328's "Tool use" dialog in auto mode: `❯ No`
 * above `Yes`): the options are the lines at the cursor mark's indentation, right below a question, and the
 * "Esc to cancel · Tab to amend" line of a tool call follows them (its API-key question, "Enter to confirm", is no
 * permission prompt).
 */
function unnumberedPrompt(kind: AgentKind, lines: string[], bottom: number): ScreenPrompt | undefined {
  let marked = -1;
  for (let i = lines.length - 1; i >= bottom && marked < 0; i--)
    if (UNNUMBERED_MARK.test(lines[i]!)) marked = i;
  if (marked < 0) return undefined;
  const column = /^\s*❯\s+/.exec(lines[marked]!)![0].length;
  const isOption = (i: number) =>
    i === marked || (/^\s*$/.test(lines[i]!.slice(0, column)) && /^\S/.test(lines[i]!.slice(column)));
  let first = marked;
  while (first - 1 >= bottom && isOption(first - 1)) first--;
  let last = marked;
  while (last + 1 < lines.length && isOption(last + 1)) last++;
  const after = lines.slice(last + 1, last + 4);
  if (last === first || !after.some((l) => /Esc to cancel · Tab to amend/.test(l))) return undefined;
  const questionAt = findUp(lines, first - 1, Math.max(bottom, first - 2), (l) => l.trim() !== '');
  if (questionAt < 0 || !/\?\s*$/.test(lines[questionAt]!.trim())) return undefined;
  const choices = lines
    .slice(first, last + 1)
    .map((line, i) => ({ label: line.slice(column).trim(), selected: first + i === marked }));
  return selectList(kind, lines, bottom, questionAt, first, choices);
}

/** A select prompt from its question (at `questionAt`) and its choices (from `first`). */
function selectList(
  kind: AgentKind,
  lines: string[],
  bottom: number,
  questionAt: number,
  first: number,
  choices: PromptChoice[],
): ScreenPrompt {
  const question = lines[questionAt]!.trim();
  const details =
    kind === 'claude'
      ? claudeDetails(lines, questionAt)
      : kind === 'gemini'
        ? geminiDetails(lines, questionAt, bottom)
        : dollarDetails(lines, questionAt, first);
  const denyIndex = choices.findIndex((c) => NO_LABEL.test(c.label));
  const labels = choices.map((c) => c.label);
  return {
    style: 'select',
    ...details,
    question,
    choices,
    denyIndex: denyIndex < 0 ? undefined : denyIndex,
    // The description is left out: it may be cut or wrapped differently at another pane width.
    identity: promptIdentity(kind, { details: [details.tool, details.command], question, labels }),
  };
}

type Details = Pick<ScreenPrompt, 'tool' | 'command' | 'description'>;

/**
 * Claude Code (2.1.328): a full-width rule, the tool ("Bash command"), a tip, the description, the
 * command between two dashed rules, then the question. An MCP tool's dialog ("Tool use") names the
 * server and tool on the line after it: that line is its command.
 */
function claudeDetails(lines: string[], questionAt: number): Details {
  const ruleAt = findUp(lines, questionAt - 1, Math.max(0, questionAt - 30), (l) => FULL_RULE.test(l));
  if (ruleAt < 0) return { tool: null, command: null, description: null };
  const block = lines.slice(ruleAt + 1, questionAt);
  const tool = block.find((l) => l.trim() !== '')?.trim() ?? null;
  const dashed = block.flatMap((l, i) => (DASHED_RULE.test(l) ? [i] : []));
  let command: string | null = null;
  let description: string | null = null;
  if (dashed.length >= 2) {
    command =
      block
        .slice(dashed[0]! + 1, dashed[1]!)
        .map((l) => l.trim())
        .filter(Boolean)
        .join('\n') || null;
    const above = findUp(block, dashed[0]! - 1, 1, (l) => l.trim() !== '');
    if (above > 0) description = block[above]!.trim();
  } else if (tool === 'Tool use') {
    command = block.filter((l) => l.trim() !== '')[1]?.trim() ?? null;
  }
  return { tool, command, description };
}

/** Gemini CLI: `?  Shell npm test [...]`, then the command, then the question. */
function geminiDetails(lines: string[], questionAt: number, bottom: number): Details {
  const toolAt = findUp(lines, questionAt - 1, Math.max(bottom, questionAt - 12), (l) =>
    /^\s*\?\s+\S/.test(l),
  );
  if (toolAt < 0) return { tool: null, command: null, description: null };
  const tool = /^\s*\?\s+(\S+)/.exec(lines[toolAt]!)?.[1] ?? null;
  const command =
    lines
      .slice(toolAt + 1, questionAt)
      .map((l) => l.trim())
      .find(Boolean) ?? null;
  return { tool, command, description: null };
}

/** Codex: the question, then `$ command`, then the options. */
function dollarDetails(lines: string[], questionAt: number, first: number): Details {
  const command =
    lines
      .slice(questionAt + 1, first)
      .map((l) => /^\s*\$\s+(.+)$/.exec(l)?.[1]?.trim())
      .find(Boolean) ?? null;
  return { tool: command ? 'shell command' : null, command, description: null };
}

function findUp(lines: string[], from: number, to: number, test: (line: string) => boolean): number {
  for (let i = from; i >= to; i--) if (test(lines[i]!)) return i;
  return -1;
}
