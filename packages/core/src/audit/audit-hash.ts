import { createHash } from 'node:crypto';

/** The "previous hash" of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored fields an entry's hash covers. The sequence is left out on purpose: order is carried by the chain. */
export interface HashedFields {
  at: string;
  actorKind: string;
  actorId: string;
  action: string;
  target: string | null;
  outcome: string;
  /** The details exactly as stored (JSON text). */
  details: string;
}

/** SHA-256 (hex) over the previous entry's hash and this entry's fields. */
export function entryHash(previousHash: string, fields: HashedFields): string {
  const content = JSON.stringify([
    fields.at,
    fields.actorKind,
    fields.actorId,
    fields.action,
    fields.target,
    fields.outcome,
    fields.details,
  ]);
  return createHash('sha256').update(previousHash).update('\n').update(content).digest('hex');
}
