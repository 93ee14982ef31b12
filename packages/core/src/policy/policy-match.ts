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

/** A glob over whole text, case-insensitive: `*` any run of characters, `?` one character. */
export function matchesTextGlob(glob: string, text: string): boolean {
  const source = [...glob]
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(text);
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
