import type { AgentKind } from '@switchboard/protocol';

/**
 * Who a prompt is, independent of where and how wide it is drawn. A resize re-wraps a dialog and a
 * short pane scrolls its top (the tool and the command) out of view while the question and the choices
 * stay; neither makes it another prompt. Screen coordinates never take part.
 */
export interface PromptIdentity {
  /** Kind, details (tool, command), question and number of choices, whitespace ignored. */
  fingerprint: string;
  /** Kind, question and choice labels, whitespace ignored: what stays readable when the details scroll away. */
  shape: string;
  /** The details were readable; an identity without them is matched by its shape alone. */
  detailed: boolean;
}

/**
 * The same prompt: the same fingerprint, or, when one side could not read the details, the same question
 * and choices. Two prompts that both show their details and differ there are two prompts.
 */
export function samePrompt(a: PromptIdentity, b: PromptIdentity): boolean {
  if (a.fingerprint === b.fingerprint) return true;
  return a.shape === b.shape && (!a.detailed || !b.detailed);
}

/** The identity of a prompt read off the screen. */
export function promptIdentity(
  kind: AgentKind,
  parts: { details: (string | null)[]; question: string; labels: readonly string[] },
): PromptIdentity {
  const detailed = parts.details.some((part) => part !== null);
  return {
    fingerprint: fingerprintOf(kind, [
      ...parts.details.map((part) => part ?? ''),
      parts.question,
      String(parts.labels.length),
    ]),
    shape: fingerprintOf(kind, [parts.question, ...parts.labels]),
    detailed,
  };
}

/** The identity an item's payload records; one with only a fingerprint (a hook's item, an item stored before shapes) matches exactly. */
export function storedIdentity(payload: {
  fingerprint: string;
  shape?: unknown;
  detailed?: unknown;
}): PromptIdentity {
  if (typeof payload.shape !== 'string')
    return { fingerprint: payload.fingerprint, shape: payload.fingerprint, detailed: true };
  return { fingerprint: payload.fingerprint, shape: payload.shape, detailed: payload.detailed !== false };
}

function fingerprintOf(kind: AgentKind, parts: string[]): string {
  // FNV-1a over the parts without their whitespace (a resize wraps the command elsewhere): short, stable,
  // and enough to tell two prompts of one pane apart.
  let hash = 0x811c9dc5;
  for (const char of [kind, ...parts.map((part) => part.replace(/\s+/g, ''))].join('\u0000')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${kind}-${hash.toString(16).padStart(8, '0')}`;
}
