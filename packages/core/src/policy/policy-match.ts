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

/**
 * A glob over whole text, case-insensitive: `*` any run of characters, `?` one character. Matched by the
 * classic wildcard walk (back to the last `*` on a mismatch): at most glob × text steps. It was a regular
 * expression (`[\s\S]*` per star), whose backtracking is polynomial in the text with the number of stars:
 * the human's `*deploy*to*prod*` against an agent's 8 KiB command of `deployto…` took 3.5 s of the host's one
 * thread per approval.request, and each further star multiplies it by the text's length (session 21).
 */
export function matchesTextGlob(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = glob[g];
    if (c === '*') {
      star = g++;
      resume = t;
    } else if (c !== undefined && (c === '?' || sameIgnoringCase(c, text[t]!))) {
      g++;
      t++;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else return false;
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}

const fieldMatches = (wanted: string | null, values: readonly string[]) =>
  wanted === null || values.includes(wanted);

/** True if every field the policy sets matches the subject; the pattern may hit the summary, command or resource. */
export function policyMatches(policy: ApprovalPolicy, subject: PolicySubject): boolean {
  if (policy.kind !== null && policy.kind !== subject.kind) return false;
  if (!fieldMatches(policy.requester, subject.requester)) return false;
  if (!fieldMatches(policy.team, subject.team)) return false;
  if (!fieldMatches(policy.holder, subject.holder)) return false;
  if (policy.pattern !== null) {
    const texts = [subject.summary, subject.payload.command, subject.payload.resource].filter(
      (t): t is string => typeof t === 'string',
    );
    if (!texts.some((text) => matchesTextGlob(policy.pattern!, text))) return false;
  }
  return true;
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
