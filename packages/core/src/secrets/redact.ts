import { SECRET_RULES, mayHoldSecret } from './secret-patterns';

/** What a secret becomes: its kind stays visible so a reader knows something was there. */
export const redactionMarker = (kind: string): string => `[REDACTED:${kind}]`;

/**
 * Replaces every secret in `text` with a marker. Idempotent: redacting twice changes nothing more.
 * Applied before anything is stored, logged or shown (approval items, audit details, messages).
 */
export function redactSecrets(text: string): string {
  if (!mayHoldSecret(text)) return text;
  let result = text;
  for (const rule of SECRET_RULES) {
    rule.pattern.lastIndex = 0;
    result = result.replace(rule.pattern, (match: string, ...groups: unknown[]) => {
      const prefix = rule.keepPrefix && typeof groups[0] === 'string' ? groups[0] : '';
      if (rule.kind === 'assignment') return `${prefix}${redactionMarker('secret')}`;
      return `${prefix}${redactionMarker(rule.kind)}`;
    });
  }
  return result;
}

/** True if `text` contains anything the redactor would hide. */
export function containsSecret(text: string): boolean {
  return redactSecrets(text) !== text;
}

/** Redacts every string inside a JSON-like value (keys stay; values are redacted). Returns a copy. */
export function redactDeep<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        isSecretKey(key) && typeof inner === 'string' && inner !== ''
          ? redactionMarker('secret')
          : walk(inner),
      ]),
    );
  }
  return value;
}

const SECRET_KEY =
  /^(?:password|passwd|passphrase|secret|client_?secret|api_?key|token|access_?token|auth_?token|refresh_?token|private_?key)$/i;
/** Object keys whose string values are secrets whatever they look like (`{ token: "…" }`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}
