import type { Store } from '../store/store';
import { humanInboxRetention, messageRetention } from './message-retention';
import {
  approvalRetention,
  attentionRetention,
  notificationRetention,
  voteRetention,
} from './oversight-retention';
import type { RetentionTarget } from './retention-target';

/**
 * Every kind the sweeper prunes, in the order it runs them: a plain list, one entry per kind (a domain that
 * leaves rows behind appends its target here and its kind to the contract's `RetentionKind`). The human's
 * inbox goes before messages, so a message whose last open copy was dropped can go in the same sweep.
 */
export function retentionTargets(store: Store): readonly RetentionTarget[] {
  return [
    humanInboxRetention(store),
    messageRetention(store),
    notificationRetention(store),
    attentionRetention(store),
    approvalRetention(store),
    voteRetention(store),
  ];
}
