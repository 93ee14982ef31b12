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
  },
  { kind: 'anthropic', pattern: /\bsk-ant-[a-z0-9]+-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai', pattern: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'google', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'google', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g },
  { kind: 'google', pattern: /\bGOCSPX-[0-9A-Za-z_-]{20,}/g },
  { kind: 'github', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}/g },
  { kind: 'github', pattern: /\bgithub_pat_[A-Za-z0-9_]{40,}/g },
  { kind: 'npm', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'aws', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { kind: 'slack', pattern: /\bxox[abposre]-[0-9A-Za-z-]{10,}/g },
  { kind: 'slack', pattern: /\bxapp-\d-[0-9A-Za-z-]{10,}/g },
  {
    kind: 'slack',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]+/g,
  },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  // user:password@ in any URL: keep the scheme and user, hide the password.
  {
    kind: 'url-credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]+:)[^\s/?#@]+(?=@)/gi,
    keepPrefix: true,
  },
  {
    kind: 'bearer',
    pattern: /\b(Authorization:\s*(?:Bearer|Basic|Token)\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
    keepPrefix: true,
  },
  // key=value, key: value, "key": "value" — the key stays, the value goes.
  {
    kind: 'assignment',
    pattern: new RegExp(
      `((?:^|[^A-Za-z0-9_])["']?(?:${ASSIGNED_KEYS})["']?\\s*(?:=|:(?=\\s*["'])|:\\s)\\s*)(?!\\[REDACTED)("[^"\\n]*"|'[^'\\n]*'|[^\\s"',;&}]+)`,
      'gi',
    ),
    keepPrefix: true,
  },
];
