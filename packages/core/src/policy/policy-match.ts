import type { ApprovalKind, ApprovalPayload, ApprovalPolicy } from '@switchboard/protocol';

/** What a policy is matched against: the item, plus every name its requester and lock holder go by. */
export interface PolicySubject {
  kind: ApprovalKind;
  summary: string;
  payload: ApprovalPayload;
  /** Requester id and name (`human` for the human). */
  requester: readonly string[];
  /** Requester's team id and name, if any. */
  team: readonly string[];
  /** Lock holder id and name, for lock requests. */
  holder: readonly string[];
}

/** The same character ignoring case, as a case-insensitive regular expression compares them. */
const sameIgnoringCase = (a: string, b: string): boolean =>
  a === b || a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();

/** A glob's parts: `*` (any run), `?` (one character), or a character to compare ignoring case. */
type GlobPart = { star: true } | { one: true } | { char: string };

/** `\*`, `\?` and `\\` are the character itself (`literalGlob` writes them); a backslash before anything else is itself. */
function globParts(glob: string): GlobPart[] {
  const parts: GlobPart[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const next = glob[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      parts.push({ char: next });
      i++;
    } else if (c === '*') parts.push({ star: true });
    else if (c === '?') parts.push({ one: true });
    else parts.push({ char: c });
  }
  return parts;
}

/**
 * A glob over whole text, case-insensitive: `*` any run of characters, `?` one character, `\*` `\?` `\\` literal.
 * Matched by the classic wildcard walk (back to the last `*` on a mismatch): at most glob × text steps. It was a
 * regular expression (`[\s\S]*` per star), whose backtracking is polynomial in the text with the number of stars:
 * the human's `*deploy*to*prod*` against an agent's 8 KiB command of `deployto…` took 3.5 s of the host's one
 * thread per approval.request, and each further star multiplies it by the text's length (session 21).
 */
export function matchesTextGlob(glob: string, text: string): boolean {
  const parts = globParts(glob);
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const part = parts[g];
    if (part && 'star' in part) {
      star = g++;
      resume = t;
    } else if (part && ('one' in part || sameIgnoringCase(part.char, text[t]!))) {
      g++;
      t++;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else return false;
  }
  while (parts[g] && 'star' in parts[g]!) g++;
  return g === parts.length;
}

const fieldMatches = (wanted: string | null, values: readonly string[]) =>
  wanted === null || values.includes(wanted);

/** True if every field the policy sets matches the subject; the pattern may hit the summary, command or resource (`approve`: see approvedText). */
export function policyMatches(policy: ApprovalPolicy, subject: PolicySubject): boolean {
  if (policy.kind !== null && policy.kind !== subject.kind) return false;
  if (!fieldMatches(policy.requester, subject.requester)) return false;
  if (!fieldMatches(policy.team, subject.team)) return false;
  if (!fieldMatches(policy.holder, subject.holder)) return false;
  if (policy.pattern !== null) {
    const texts = policy.action === 'approve' ? [approvedText(subject)] : anyText(subject);
    if (!texts.some((text) => matchesTextGlob(policy.pattern!, text))) return false;
  }
  return true;
}

const anyText = (subject: PolicySubject): string[] =>
  [subject.summary, subject.payload.command, subject.payload.resource].filter(
    (t): t is string => typeof t === 'string',
  );

/**
 * What an item approved lets happen, in its requester's words: the command, else the resource, else the summary. An
 * `approve` pattern matches it alone: it matched any of the three, so an agent copying an allowed command into its
 * summary had any command approved (session 26). `deny` and `ask` still match any of them: they err toward the person.
 */
function approvedText(subject: PolicySubject): string {
  const { command, resource } = subject.payload;
  return typeof command === 'string' ? command : typeof resource === 'string' ? resource : subject.summary;
}

/** The first policy (in position order) that matches, if any: first match wins. */
export function firstMatchingPolicy(
  policies: readonly ApprovalPolicy[],
  subject: PolicySubject,
): ApprovalPolicy | undefined {
  return [...policies]
    .sort((a, b) => a.position - b.position)
    .find((policy) => policyMatches(policy, subject));
}
