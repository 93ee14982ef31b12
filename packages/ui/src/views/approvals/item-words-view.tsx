import { useMemo } from 'react';
import type { Approval } from '@switchboard/protocol';
import { itemWords, type ItemWords } from '../../approvals/item-words';
import { shownWords } from '../shown-text';
import { useFleet } from '../store-context';

/**
 * An item on one line: Switchboard's heading, then the other's words in quotes, set apart (their own colour and
 * quote marks, bidi-isolated), so nothing an agent wrote reads as Switchboard's text. The full words in the tooltip.
 */
export function ItemLine({ words }: { words: ItemWords }) {
  return (
    <>
      <span className="item-heading">{words.heading}</span>
      {words.quote !== null && (
        <>
          {': '}
          <q
            className="agent-words"
            data-testid="agent-words-inline"
            title={`${words.attribution} ${words.quote}`}
          >
            {words.quote}
          </q>
        </>
      )}
    </>
  );
}

/** The other's words in full, under who wrote them ("alice wrote:"), as text: never markup, never a button. */
export function ItemQuote({ words }: { words: ItemWords }) {
  if (words.quote === null) return null;
  return (
    <figure className={`agent-quote words-${words.source}`} data-testid="agent-words">
      <figcaption>{words.attribution}</figcaption>
      <blockquote dir="auto" tabIndex={0} aria-label={words.attribution ?? undefined}>
        {words.quote}
      </blockquote>
    </figure>
  );
}

/** An answer's label: the other's words quoted (an agent's or a CLI's choice), Switchboard's own as they are. */
export function ChoiceLabel({ label, quoted }: { label: string; quoted: boolean }) {
  if (!quoted) return <>{label}</>;
  const shown = shownWords(label, 200);
  return (
    <q className="agent-words choice-words" title={shown}>
      {shown}
    </q>
  );
}

/** `itemWords` of an item in a view that has no fleet state at hand (a chart card, a lane item, a toast). */
export function useItemWords(approval: Approval | null): ItemWords | null {
  const agents = useFleet((s) => (approval ? s.fleet.agents : null));
  const approvals = useFleet((s) => (approval ? s.fleet.approvals : null));
  const formerNames = useFleet((s) => (approval ? s.fleet.formerNames : null));
  // Only whether the fleet is known yet matters (shownName): not a render of every card on every event.
  const known = useFleet((s) => approval !== null && s.fleet.sequence >= 0);
  return useMemo(
    () =>
      approval && agents && approvals && formerNames
        ? itemWords({ agents, approvals, formerNames, sequence: known ? 0 : -1 }, approval)
        : null,
    [approval, agents, approvals, formerNames, known],
  );
}
