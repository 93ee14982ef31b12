import { z } from 'zod';
import { AgentKind } from './agent';
import { Name, TeamRef } from './ids';

/** An absolute path (the host and the panes may not share a working directory). */
export const AbsolutePath = z.string().min(1).max(4096).regex(/^\//, 'must be an absolute path');

/** A git branch name we are willing to create: no leading dash, no "..", no trailing "/" or ".lock". */
export const BranchName = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
    'use letters, digits, ".", "-", "_" or "/", starting with a letter or digit',
  )
  .refine(
    (name) => !name.includes('..') && !name.includes('//') && !name.endsWith('/') && !name.endsWith('.lock'),
    'not a valid branch name',
  );

/** A commit-ish to branch from: a branch, tag, sha, or HEAD~n style expression. */
export const GitRevision = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/~^-]*$/, 'a branch, tag or commit (no leading "-")')
  .refine((rev) => !rev.includes('..'), 'ranges are not allowed');

/**
 * C0/C1 controls and DEL: typed into a terminal they would act as keys (Escape, Ctrl-C, Enter); and Unicode's
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder how the text around
 * them is shown ("Trojan Source"): a person would read a title or an item to decide on as something it is not.
 * `allowed`: the controls let through (`true`: newline and tab).
 */
export function hasControlCharacters(text: string, allowed: boolean | string = false): boolean {
  const pass = allowed === true ? '\n\t' : allowed || '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (pass.includes(char)) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  }
  return false;
}

/**
 * Text an agent writes that the person reads as a label or question (a lease's resource and reason, a watch's label, a
 * vote, a plan step's task): `min`..`max` characters with no control characters and no bidirectional overrides
 * (`hasControlCharacters`); `newlines`: newline and tab let through.
 */
export const plainText = (min: number, max: number, newlines = false) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine(
      (text) => !hasControlCharacters(text, newlines),
      newlines
        ? 'no control characters (newlines are fine)'
        : 'no control characters or bidirectional overrides',
    );

/**
 * Text an agent chose, as a person should read it: the bidirectional embeddings, overrides and isolates written out
 * (`[U+202E]`) instead of applied. For text that cannot be refused at the contract: a command a CLI asks about, a
 * payload shown in an approval.
 */
export const bidiShown = (text: string): string =>
  text.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase()}]`);

/** A model name handed to the CLI's `--model` flag. */
export const ModelName = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/@[\]-]*$/,
    'letters, digits and . _ : / @ - [ ] only, starting with a letter or digit',
  );

/** Extra command-line words for the CLI, each passed as one shell word (quoted by Switchboard). */
export const CliArguments = z
  .array(
    z
      .string()
      .min(1)
      .max(1024)
      .refine((word) => !hasControlCharacters(word), 'no control characters'),
  )
  .max(32);

/** The first prompt typed into the agent's CLI once it is ready (newlines are typed as spaces). */
export const InitialTask = z
  .string()
  .min(1)
  .max(8000)
  .refine((text) => !hasControlCharacters(text, true), 'no control characters (newlines are fine)')
  .describe('typed into the CLI once it is ready at its prompt, then submitted (confirmed)');

/** A worktree made per agent from a template or fleet file: the branch is `switchboard/<agent name>`. */
export const WorktreeSpec = z.strictObject({
  base: GitRevision.default('HEAD').describe('what each branch starts from'),
});

/**
 * What describes an agent apart from its name: the fields a template, a fleet file entry and
 * agent.spawn share.
 */
export const agentSpecShape = {
  kind: AgentKind.default('shell'),
  command: z.string().min(1).max(4096).optional().describe('the command line; required for kind "custom"'),
  role: z.string().min(1).max(64).default('custom'),
  model: ModelName.optional().describe('passed as `--model` to claude, codex and gemini'),
  args: CliArguments.optional().describe("extra words appended to the CLI's command line"),
  task: InitialTask.optional(),
};

/** The refinements every agent description obeys, whatever it sits in. */
export function checkAgentSpec(
  spec: { kind: string; command?: string | undefined; model?: string | undefined },
  context: z.RefinementCtx,
): void {
  if (spec.kind === 'custom' && spec.command === undefined) {
    context.addIssue({ code: 'custom', message: 'kind "custom" needs a command', path: ['command'] });
  }
  if (spec.model !== undefined && (spec.kind === 'shell' || spec.kind === 'custom')) {
    context.addIssue({
      code: 'custom',
      message: `kind "${spec.kind}" takes no model (put it in the command)`,
      path: ['model'],
    });
  }
}

/** A template's fields apart from its name. */
const templateShape = {
  description: z.string().max(500).optional(),
  ...agentSpecShape,
  team: TeamRef.optional().describe('the team its agents join unless told otherwise'),
  cwd: AbsolutePath.optional().describe('working folder (with `worktree`: the repository)'),
  worktree: WorktreeSpec.optional().describe(
    'give each agent its own git worktree on branch `switchboard/<agent name>`',
  ),
};

function checkTemplate(
  spec: {
    kind: string;
    command?: string | undefined;
    model?: string | undefined;
    cwd?: string | undefined;
    worktree?: unknown;
  },
  context: z.RefinementCtx,
): void {
  checkAgentSpec(spec, context);
  if (spec.worktree !== undefined && spec.cwd === undefined) {
    context.addIssue({
      code: 'custom',
      message: 'a worktree needs `cwd`: the repository to branch from',
      path: ['cwd'],
    });
  }
}

/** A saved recipe for spawning agents: "reviewer", "claude on the api repo", … */
export const AgentTemplateSpec = z
  .strictObject({
    name: Name.describe('agents spawned from it are named `<name>-<n>` unless told otherwise'),
    ...templateShape,
  })
  .superRefine(checkTemplate);
export type AgentTemplateSpec = z.infer<typeof AgentTemplateSpec>;

/** A template written inside a fleet file, where its key is its name. */
export const FileTemplateSpec = z.strictObject(templateShape).superRefine(checkTemplate);
export type FileTemplateSpec = z.infer<typeof FileTemplateSpec>;

export const AgentTemplate = z.object({
  name: Name,
  description: z.string().optional(),
  kind: AgentKind,
  command: z.string().optional(),
  role: z.string(),
  model: z.string().optional(),
  args: z.array(z.string()).optional(),
  task: z.string().optional(),
  team: z.string().optional(),
  cwd: z.string().optional(),
  worktree: z.object({ base: z.string() }).optional(),
  updatedAt: z.string(),
});
export type AgentTemplate = z.infer<typeof AgentTemplate>;
