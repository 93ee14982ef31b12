import { hash } from 'node:crypto';

/**
 * The de-duplication key of a message copy: same sender, kind, text, correlation and reply target.
 * The sender is part of it on purpose: two agents reporting the same "done" are two facts, not one.
 */
export function contentHash(parts: {
  senderId: string;
  kind: string;
  body: string;
  correlationId: string | null;
  replyTo: string | null;
}): string {
  // One `crypto.hash` call: the same digest as a `createHash` object, without the object (every send makes one).
  return hash(
    'sha256',
    JSON.stringify([parts.senderId, parts.kind, parts.body, parts.correlationId, parts.replyTo]),
    'hex',
  );
}
