import { useCallback } from 'react';
import type { Approval } from '@switchboard/protocol';
import { shownItem } from '../../approvals/item-words';
import { answerLabel, type ChoiceButton } from '../../approvals/triage';
import { useFleet, useStaged } from '../store-context';

/**
 * Answers an item from outside the queue (a card, the "needs you" lane) the queue's way: held for the
 * 5 s undo window (undo bar, nothing sent meanwhile), then sent as `approval.decide`.
 */
export function useAnswer(): (approval: Approval, button: ChoiceButton) => void {
  const fleet = useFleet((s) => s.fleet);
  const stage = useStaged((s) => s.stage);
  return useCallback(
    (approval, button) => {
      const decision = {
        id: approval.id,
        verdict: button.verdict,
        ...(button.choice ? { choice: button.choice } : {}),
      };
      stage([decision], `${answerLabel(button)}: ${shownItem(fleet, approval)}`);
    },
    [fleet, stage],
  );
}
