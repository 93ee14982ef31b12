/**
 * What counts as a secret. Each rule names its kind (shown in the placeholder) and a pattern with the
 * global flag; `keep` says how many leading capture groups survive (a key name, a URL's user).
 * Order matters: specific vendor formats run before the generic `key=value` rule.
 *
 * Boundaries are deliberate: vendor prefixes need a word boundary before them, so they do not fire in
 * the middle of base64 (an image, a blob) where letters run on without one.
 */
export interface SecretRule {
  readonly kind: string;
  readonly pattern: RegExp;
  /** Text kept in front of the placeholder: the first capture group, if the rule has one. */
  readonly keepPrefix?: boolean;
  /**
   * Literal text every match of `pattern` contains, compared ignoring case (one of them is enough): text
   * holding none of any rule's anchors holds no secret, and skips the patterns (`mayHoldSecret`).
   */
  readonly anchors: readonly string[];
}

const ASSIGNED_KEYS =
  'password|passwd|pwd|passphrase|secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|' +
  'token|access[_-]?token|auth[_-]?token|refresh[_-]?token|id[_-]?token|session[_-]?token|bearer[_-]?token|' +
  'aws_secret_access_key|aws_session_token|[A-Z0-9_]*(?:_TOKEN|_SECRET|_PASSWORD|_API_KEY)';

export const SECRET_RULES: readonly SecretRule[] = [
  {
    kind: 'private-key',
    pattern:
      /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY(?: BLOCK)?-----|$)/g,
    anchors: ['-----BEGIN '],
  },
  { kind: 'anthropic', pattern: /\bsk-ant-[a-z0-9]+-[A-Za-z0-9_-]{20,}/g, anchors: ['sk-ant-'] },
  { kind: 'openai', pattern: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g, anchors: ['sk-'] },
  { kind: 'google', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, anchors: ['AIza'] },
  { kind: 'google', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g, anchors: ['ya29.'] },
  { kind: 'google', pattern: /\bGOCSPX-[0-9A-Za-z_-]{20,}/g, anchors: ['GOCSPX-'] },
  {
    kind: 'github',
    pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}/g,
    anchors: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
  },
  { kind: 'github', pattern: /\bgithub_pat_[A-Za-z0-9_]{40,}/g, anchors: ['github_pat_'] },
  { kind: 'npm', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, anchors: ['npm_'] },
  {
    kind: 'aws',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g,
    anchors: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
  },
  { kind: 'slack', pattern: /\bxox[abposre]-[0-9A-Za-z-]{10,}/g, anchors: ['xox'] },
  { kind: 'slack', pattern: /\bxapp-\d-[0-9A-Za-z-]{10,}/g, anchors: ['xapp-'] },
  {
    kind: 'slack',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g,
    anchors: ['https://hooks.slack.com/'],
  },
  {
    kind: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    anchors: ['eyJ'],
  },
  // user:password@ in any URL: keep the scheme and user, hide the password.
  {
    kind: 'url-credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]+:)[^\s/?#@]+(?=@)/gi,
    keepPrefix: true,
    anchors: ['://'],
  },
  {
    kind: 'bearer',
    pattern: /\b(Authorization:\s*(?:Bearer|Basic|Token)\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
    keepPrefix: true,
    anchors: ['Authorization:'],
  },
  // key=value, key: value, "key": "value" — the key stays, the value goes.
  {
    kind: 'assignment',
    pattern: new RegExp(
      `((?:^|[^A-Za-z0-9_])["']?(?:${ASSIGNED_KEYS})["']?\\s*(?:=|:(?=\\s*["'])|:\\s)\\s*)(?!\\[REDACTED)("[^"\\n]*"|'[^'\\n]*'|[^\\s"',;&}]+)`,
      'gi',
    ),
    keepPrefix: true,
    // Every key above contains one of these (password/passwd/passphrase, pwd, *secret*, *key*, *token*).
    anchors: ['pass', 'pwd', 'secret', 'key', 'token'],
  },
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const ANCHORS = new RegExp(SECRET_RULES.flatMap((rule) => rule.anchors.map(escape)).join('|'), 'i');

/**
 * False when no rule can match `text`: it holds none of the anchors. Most text (command names, ids,
 * ordinary messages) is answered here with one scan instead of one per rule.
 */
export function mayHoldSecret(text: string): boolean {
  return ANCHORS.test(text);
}
