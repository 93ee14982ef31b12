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

/**
 * Plain loops rather than `Object.fromEntries(Object.entries(…).map(…))`: that built two arrays per key and
 * was most of the walk's time, and every event, audit entry and call output goes through here (issue 21).
 */
function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = walk(value[i]);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = (value as Record<string, unknown>)[key];
      const redacted =
        isSecretKey(key) && typeof inner === 'string' && inner !== ''
          ? redactionMarker('secret')
          : walk(inner);
      // An own `__proto__` key (JSON.parse makes them) stays a key, as `Object.fromEntries` kept it.
      if (key === '__proto__')
        Object.defineProperty(copy, key, {
          value: redacted,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else copy[key] = redacted;
    }
    return copy;
  }
  return value;
}

const SECRET_KEY =
  /^(?:password|passwd|passphrase|secret|client_?secret|api_?key|token|access_?token|auth_?token|refresh_?token|private_?key)$/i;
/** Object keys whose string values are secrets whatever they look like (`{ token: "…" }`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}
