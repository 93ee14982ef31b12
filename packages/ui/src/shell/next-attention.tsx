import { useMemo } from 'react';
import { bidiShown } from '@switchboard/protocol';
import { pendingApprovals } from '../approvals/approval-selectors';
import { triageOrder } from '../approvals/triage';
import { nextTarget } from '../attention/attention-centre';
import { useAttention, useFleet, useShell } from '../views/store-context';
import { useBareKey } from './bare-key';

/**
 * "Next thing that needs me" (key `n` anywhere outside a text field, or this button): goes to the next
 * open attention item, most severe and longest waiting first, then pending approvals no item covers, cycling. An approval opens in the queue
 * with the cursor on it (answer with 1–9); an agent's item focuses its pane (attention.goTo) and centres its card.
 */
export function NextAttentionButton() {
  const items = useAttention((s) => s.items);
  const lastVisited = useAttention((s) => s.lastVisited);
  const setLastVisited = useAttention((s) => s.setLastVisited);
  const fleet = useFleet((s) => s.fleet);
  const agents = fleet.agents;
  const pending = useMemo(() => triageOrder(pendingApprovals(fleet), Date.now()), [fleet]);
  const goTo = useFleet((s) => s.goTo);
  const openApproval = useShell((s) => s.openApproval);
  const focusAgent = useShell((s) => s.focusAgent);
  // Sorting every open item is not free at 10,000: only when the items, agents or approvals change.
  const next = useMemo(
    () => nextTarget(items, agents, pending, lastVisited),
    [items, agents, pending, lastVisited],
  );
  const go = () => {
    if (!next) return;
    setLastVisited(next.key);
    if (next.approvalId) openApproval(next.approvalId);
    else if (next.item?.agentId) {
      focusAgent(next.item.agentId);
      void goTo({ attentionId: next.item.id, agentId: next.item.agentId });
    }
  };
  useBareKey('n', go);
  return (
    <button
      type="button"
      className="secondary"
      onClick={go}
      disabled={!next}
      aria-keyshortcuts="n"
      title={
        next?.item
          ? bidiShown(`${next.item.title} — ${next.item.body}`)
          : next
            ? 'A pending approval'
            : 'Nothing needs you'
      }
      data-testid="next-attention"
    >
      Next <kbd>n</kbd>
    </button>
  );
}
