import { useEffect, useRef } from 'react';
import { nextAttention } from '../attention/attention-centre';
import { useAttention, useFleet, useShell } from '../views/store-context';
import { modalOpen, typingInto } from './typing-into';

/**
 * "Next thing that needs me" (key `n` anywhere outside a text field, or this button): goes to the next
 * open attention item, most severe and longest waiting first, cycling. An approval opens in the queue
 * with the cursor on it (answer with 1–9); an agent's item focuses its pane (attention.goTo) and centres its card.
 */
export function NextAttentionButton() {
  const items = useAttention((s) => s.items);
  const lastVisited = useAttention((s) => s.lastVisited);
  const setLastVisited = useAttention((s) => s.setLastVisited);
  const agents = useFleet((s) => s.fleet.agents);
  const goTo = useFleet((s) => s.goTo);
  const openApproval = useShell((s) => s.openApproval);
  const focusAgent = useShell((s) => s.focusAgent);
  const next = nextAttention(items, agents, lastVisited);
  const go = () => {
    if (!next) return;
    setLastVisited(next.id);
    if (next.approvalId) openApproval(next.approvalId);
    else if (next.agentId) {
      focusAgent(next.agentId);
      void goTo({ attentionId: next.id, agentId: next.agentId });
    }
  };
  const latest = useRef(go);
  latest.current = go;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'n' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || typingInto(event.target)) return;
      if (modalOpen()) return;
      event.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <button type="button" className="secondary" onClick={go} disabled={!next} aria-keyshortcuts="n" title={next ? `${next.title} — ${next.body}` : 'Nothing needs you'} data-testid="next-attention">
      Next <kbd>n</kbd>
    </button>
  );
}
