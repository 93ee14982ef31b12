import { literalGlob, type Approval, type ApprovalVerdict, type CommandInput } from '@switchboard/protocol';

/** Why an item deserves a second look before it is approved. */
export type RiskFlag = 'destructive' | 'production' | 'secret';

export const RISK_LABELS: Record<RiskFlag, string> = {
  destructive: 'destructive',
  production: 'production',
  secret: 'secrets',
};

const RISK_PATTERNS: Record<RiskFlag, RegExp> = {
  destructive:
    /\brm\s+-[a-z]*[rf]|\bdrop\s+(table|database|schema)\b|\btruncate\s+table\b|\bdelete\s+from\b|git\s+push\b.*(--force|\s-f\b)|git\s+reset\s+--hard|git\s+clean\s+-[a-z]*f|\bmkfs\b|\bdd\s+if=|kubectl\s+delete|terraform\s+destroy|chmod\s+-R\s+777/i,
  production: /\bprod(uction)?\b|--env[= ]prod/i,
  secret:
    /(^|[\s/"'=])\.env\b|\bsecrets?\b|\bpasswords?\b|\bpasswd\b|\btokens?\b|\bapi[_-]?keys?\b|\bcredentials?\b|\bid_rsa\b|\.pem\b|\bprivate[_-]?key\b/i,
};

/** The text of an item a risk is read from: summary, command, message, resource and a diff if any. */
function riskText(approval: Approval): string {
  const { payload } = approval;
  const diff = typeof payload['diff'] === 'string' ? payload['diff'] : '';
  return [approval.summary, payload.command, payload.message, payload.resource, diff]
    .filter(Boolean)
    .join('\n');
}

/** The risks an item carries (destructive command, production path, secrets), in a fixed order. Pure. */
export function riskFlags(approval: Approval): RiskFlag[] {
  const text = riskText(approval);
  return (Object.keys(RISK_PATTERNS) as RiskFlag[]).filter((flag) => RISK_PATTERNS[flag].test(text));
}

/** Items expiring within this window are triaged by deadline alone; the rest by risk, then deadline. */
export const URGENT_MS = 5 * 60_000;

/**
 * The pending items in triage order: those expiring within five minutes first (soonest first), then
 * the rest by risk (more flags first), then deadline (no expiry last), then age. Pure.
 */
export function triageOrder(approvals: readonly Approval[], nowMs: number): Approval[] {
  const deadline = (a: Approval) => (a.expiresAt ? Date.parse(a.expiresAt) : Number.POSITIVE_INFINITY);
  const keyed = approvals.map((approval) => ({
    approval,
    deadline: deadline(approval),
    risk: riskFlags(approval).length,
  }));
  const urgent = (k: { deadline: number }) => (k.deadline - nowMs < URGENT_MS ? 0 : 1);
  keyed.sort(
    (a, b) =>
      urgent(a) - urgent(b) ||
      (urgent(a) === 0 ? a.deadline - b.deadline : b.risk - a.risk || a.deadline - b.deadline) ||
      a.approval.createdAt.localeCompare(b.approval.createdAt) ||
      a.approval.id.localeCompare(b.approval.id),
  );
  return keyed.map((k) => k.approval);
}

/** One answer to an item, as a button bound to a digit key. */
export interface ChoiceButton {
  label: string;
  verdict: ApprovalVerdict;
  /** The CLI's own label, sent as `choice`; absent for a plain approve/deny item. */
  choice?: string;
  /** "1" … "9". */
  key: string;
}

const DENY_LABEL = /^n$|^(no|deny|reject|cancel|decline|abort|keep)\b/i;

/**
 * Every answer the item offers: Approve / Deny for a plain item, else each of its choices (the CLI's
 * labels), `n` or a label starting with No / Deny / Reject / Cancel / Keep (a lock) being a denial. At most nine (digit keys). Pure.
 */
export function choiceButtons(approval: Approval): ChoiceButton[] {
  const plain = approval.choices.length === 0 || approval.choices.join('\n') === 'approve\ndeny';
  if (plain) {
    return [
      { label: 'Approve', verdict: 'approve', key: '1' },
      { label: 'Deny', verdict: 'deny', key: '2' },
    ];
  }
  return approval.choices.slice(0, 9).map((choice, index) => ({
    label: choice,
    verdict: DENY_LABEL.test(choice) || choice === 'deny' ? 'deny' : 'approve',
    choice,
    key: String(index + 1),
  }));
}

/** What the undo bar says for an answer: "Chose “y”" for a CLI's own choice, else "Approved" / "Denied". */
export function answerLabel(button: ChoiceButton): string {
  if (button.choice && button.choice !== 'approve' && button.choice !== 'deny')
    return `Chose “${button.choice}”`;
  return button.verdict === 'approve' ? 'Approved' : 'Denied';
}

/** The button `a` (approve) or `d` (deny) stands for: the first of that verdict; a plain deny when the item offers none. */
export function verdictButton(approval: Approval, verdict: ApprovalVerdict): ChoiceButton {
  return (
    choiceButtons(approval).find((b) => b.verdict === verdict) ?? {
      label: verdict === 'approve' ? 'Approve' : 'Deny',
      verdict,
      key: '',
    }
  );
}

/**
 * The policy "always allow this" writes: approve items of this kind from this requester whose command (else
 * resource, else summary) is exactly this text, its `*`, `?` and `\` written literally (`literalGlob`). Until
 * session 26 they stayed glob characters: "always allow `rm -rf build/*`" allowed `rm -rf build/../..`. Pure.
 */
export function alwaysAllowPolicy(approval: Approval, requesterName: string): CommandInput<'policy.add'> {
  const text = approval.payload.command ?? approval.payload.resource ?? approval.summary;
  return {
    kind: approval.kind,
    requester: approval.requester,
    pattern: literalGlob(text).slice(0, 1000),
    action: 'approve',
    comment: `always allow (from the queue): ${requesterName}`,
  };
}

/** Pending item ids grouped for a batch: by requester and by kind. Pure. */
export function batchGroups(approvals: readonly Approval[]): {
  byRequester: Map<string, string[]>;
  byKind: Map<string, string[]>;
} {
  const byRequester = new Map<string, string[]>();
  const byKind = new Map<string, string[]>();
  for (const a of approvals) {
    byRequester.set(a.requester, [...(byRequester.get(a.requester) ?? []), a.id]);
    byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a.id]);
  }
  return { byRequester, byKind };
}
