import { createHash } from 'node:crypto';

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
  return createHash('sha256')
    .update(JSON.stringify([parts.senderId, parts.kind, parts.body, parts.correlationId, parts.replyTo]))
    .digest('hex');
}
