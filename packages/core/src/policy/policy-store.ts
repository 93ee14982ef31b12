import { randomUUID } from 'node:crypto';
import { SwitchboardError } from '@switchboard/protocol';
import type { ApprovalPolicy, ParsedInput } from '@switchboard/protocol';
import { isoTime, type Clock } from '../ports/clock';
import { redactSecrets } from '../secrets/redact';
import type { Store } from '../store/store';

interface PolicyRow {
  id: string;
  position: number;
  kind: string | null;
  requester: string | null;
  team: string | null;
  holder: string | null;
  pattern: string | null;
  action: string;
  comment: string | null;
  created_at: string;
}

const toPolicy = (row: PolicyRow): ApprovalPolicy => ({
  id: row.id,
  position: row.position,
  kind: row.kind as ApprovalPolicy['kind'],
  requester: row.requester,
  team: row.team,
  holder: row.holder,
  pattern: row.pattern,
  action: row.action as ApprovalPolicy['action'],
  comment: row.comment,
  createdAt: row.created_at,
});

/** Approval policies as rows; positions are kept dense (0..n-1) so "first match" is unambiguous. */
export class PolicyStore {
  private readonly prepared: Store['prepare'];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.prepared = store.prepare;
  }

  list(): ApprovalPolicy[] {
    return this.prepared<[], PolicyRow>('SELECT * FROM approval_policies ORDER BY position')
      .all()
      .map(toPolicy);
  }

  add(input: ParsedInput<'policy.add'>): ApprovalPolicy {
    return this.store.transaction(() => {
      const count = this.list().length;
      const position = Math.min(input.position ?? count, count);
      this.prepared('UPDATE approval_policies SET position = position + 1 WHERE position >= ?').run(position);
      const policy: ApprovalPolicy = {
        id: `policy-${randomUUID()}`,
        position,
        kind: input.kind ?? null,
        requester: input.requester ?? null,
        team: input.team ?? null,
        holder: input.holder ?? null,
        pattern: input.pattern ?? null,
        action: input.action,
        comment: input.comment === undefined ? null : redactSecrets(input.comment),
        createdAt: isoTime(this.clock),
      };
      this.prepared(
        `INSERT INTO approval_policies (id, position, kind, requester, team, holder, pattern, action, comment, created_at)
          VALUES (@id, @position, @kind, @requester, @team, @holder, @pattern, @action, @comment, @createdAt)`,
      ).run(policy);
      return policy;
    });
  }

  /** Changes the given fields (null clears a match field) and, with `position`, moves the policy; one transaction. */
  update(input: ParsedInput<'policy.update'>): ApprovalPolicy {
    return this.store.transaction(() => {
      const existing = this.find(input.id);
      const count = this.list().length;
      const position = Math.min(input.position ?? existing.position, count - 1);
      const keep = <T>(next: T | undefined, current: T) => (next === undefined ? current : next);
      const policy: ApprovalPolicy = {
        ...existing,
        position,
        kind: keep(input.kind, existing.kind),
        requester: keep(input.requester, existing.requester),
        team: keep(input.team, existing.team),
        holder: keep(input.holder, existing.holder),
        pattern: keep(input.pattern, existing.pattern),
        action: input.action ?? existing.action,
        comment:
          input.comment === undefined
            ? existing.comment
            : input.comment === null
              ? null
              : redactSecrets(input.comment),
      };
      if (position !== existing.position) {
        this.prepared('UPDATE approval_policies SET position = position - 1 WHERE position > ?').run(
          existing.position,
        );
        this.prepared(
          'UPDATE approval_policies SET position = position + 1 WHERE position >= ? AND id != ?',
        ).run(position, existing.id);
      }
      this.prepared(
        `UPDATE approval_policies SET position = @position, kind = @kind, requester = @requester, team = @team, holder = @holder,
          pattern = @pattern, action = @action, comment = @comment WHERE id = @id`,
      ).run({
        id: policy.id,
        position,
        kind: policy.kind,
        requester: policy.requester,
        team: policy.team,
        holder: policy.holder,
        pattern: policy.pattern,
        action: policy.action,
        comment: policy.comment,
      });
      return policy;
    });
  }

  private find(id: string): ApprovalPolicy {
    const row = this.prepared<[string], PolicyRow>('SELECT * FROM approval_policies WHERE id = ?').get(id);
    if (!row)
      throw new SwitchboardError('not_found', `No policy "${id}"`, {
        hint: 'policy.list shows the policies.',
      });
    return toPolicy(row);
  }

  remove(id: string): void {
    this.store.transaction(() => {
      const row = this.find(id);
      this.prepared('DELETE FROM approval_policies WHERE id = ?').run(id);
      this.prepared('UPDATE approval_policies SET position = position - 1 WHERE position > ?').run(
        row.position,
      );
    });
  }
}
