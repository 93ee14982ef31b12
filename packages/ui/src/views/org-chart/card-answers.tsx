import type { Approval } from '@switchboard/protocol';
import type { ItemWords } from '../../approvals/item-words';
import { choiceButtons } from '../../approvals/triage';
import { ChoiceLabel } from '../approvals/item-words-view';
import { useShell } from '../store-context';
import { useAnswer } from './use-answer';

/** At most this many answers fit; the rest are in the queue ("more…"). */
const SHOWN_CHOICES = 3;

/**
 * An item's answers as buttons, held 5 s for undo like the queue's. They are not Tab stops (the card or
 * lane item is: `a` / `d` answer from there, Enter opens the queue); a click works as usual.
 */
export function CardAnswers({
  approval,
  agentName,
  words,
}: {
  approval: Approval;
  agentName: string;
  words: ItemWords;
}) {
  const answer = useAnswer();
  const openApproval = useShell((s) => s.openApproval);
  const buttons = choiceButtons(approval);
  return (
    <div className="card-answers nodrag" role="group" aria-label={`Answer ${agentName}`}>
      {buttons.slice(0, SHOWN_CHOICES).map((button) => (
        <button
          key={button.key}
          type="button"
          tabIndex={-1}
          className={button.verdict === 'deny' ? 'secondary' : ''}
          onClick={(event) => {
            event.stopPropagation();
            answer(approval, button);
          }}
        >
          <ChoiceLabel label={button.label} quoted={words.choicesQuoted && button.choice !== undefined} />
        </button>
      ))}
      {buttons.length > SHOWN_CHOICES && (
        <button type="button" tabIndex={-1} className="link" onClick={() => openApproval(approval.id)}>
          more…
        </button>
      )}
    </div>
  );
}
