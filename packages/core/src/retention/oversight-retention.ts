import type { Store } from '../store/store';
import type { RetentionTarget } from './retention-target';
import { tableRetention } from './table-retention';

const iso = (ms: number) => new Date(ms).toISOString();

/** What agents told the human (`human.notify`): every row may go by age or cap. */
export function notificationRetention(store: Store): RetentionTarget {
  return tableRetention(store, {
    kind: 'notifications',
    table: 'human_notifications',
    created: 'created_at',
    createdAt: iso,
  });
}

/** Attention items resolved or dismissed; open ones stay. */
export function attentionRetention(store: Store): RetentionTarget {
  return tableRetention(store, {
    kind: 'attention',
    table: 'attention_items',
    created: 'created_ms',
    createdAt: (ms) => ms,
    // Unary plus: the planner walks the age index, not attention_items_open (a sort of every closed item per batch).
    finished: `+t.status IN ('resolved', 'dismissed')`,
  });
}

/** Approvals decided, expired or withdrawn; pending ones stay. */
export function approvalRetention(store: Store): RetentionTarget {
  return tableRetention(store, {
    kind: 'approvals',
    table: 'approvals',
    created: 'created_at',
    createdAt: iso,
    finished: `t.status <> 'pending'`,
  });
}

/** Coordination votes that closed; open ones stay. */
export function voteRetention(store: Store): RetentionTarget {
  return tableRetention(store, {
    kind: 'votes',
    table: 'votes',
    created: 'created_at',
    createdAt: iso,
    finished: 't.open = 0',
  });
}

/** Coordination barriers released, timed out or cancelled; open ones stay. */
export function barrierRetention(store: Store): RetentionTarget {
  return tableRetention(store, {
    kind: 'barriers',
    table: 'barriers',
    created: 'created_at',
    createdAt: iso,
    finished: 't.open = 0',
  });
}

/**
 * Leases that ended (released, handed over, expired, their owner closed); live ones stay. Before session 27 every
 * lease ever taken stayed a row: an agent taking and releasing at its rate left ~1.7 million a day.
 */
export function leaseRetention(store: Store): RetentionTarget {
  return tableRetention(store, {
    kind: 'leases',
    table: 'locks',
    created: 'acquired_at',
    createdAt: iso,
    finished: 't.ended_at IS NOT NULL',
  });
}
