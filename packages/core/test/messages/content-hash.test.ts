import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/messages/content-hash';

describe('contentHash', () => {
  it('is the hex SHA-256 the copies already stored carry (a restart still finds their duplicates)', () => {
    const parts = [
      { senderId: 'agt-1', kind: 'event', body: 'done', correlationId: null, replyTo: null },
      {
        senderId: 'agt-2',
        kind: 'request',
        body: 'ä "quoted" \\ 😀\n',
        correlationId: 'c-1',
        replyTo: 'msg-9',
      },
    ];
    for (const part of parts)
      expect(contentHash(part)).toBe(
        createHash('sha256')
          .update(JSON.stringify([part.senderId, part.kind, part.body, part.correlationId, part.replyTo]))
          .digest('hex'),
      );
    expect(contentHash(parts[0]!)).not.toBe(contentHash({ ...parts[0]!, senderId: 'agt-3' }));
  });
});
