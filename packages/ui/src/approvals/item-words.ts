import type { Approval } from '@switchboard/protocol';
import { callerName } from '../store/selectors';
import { shownName, type NameState } from '../store/shown-name';
import { shownWords } from '../views/shown-text';
import { summaryOf } from './approval-selectors';

/**
 * Whose words an item's text is: an agent's (it wrote them: `approval.request`, a handoff's body, a lock request's
 * reason, a plan it made), its screen's (a permission prompt read off the pane, or told by the CLI's hook: the CLI's
 * words), or nobody's but Switchboard's and the person's own (a recovery escalation, an item the person raised).
 */
export type WordsSource = 'agent' | 'screen' | 'own';

/** An item's text split into what Switchboard says about it and what someone else wrote in it. */
export interface ItemWords {
  source: WordsSource;
  /** Switchboard's line about the item, built only from fields no agent can set ("Handoff to bob"). */
  heading: string;
  /** Who wrote `quote`, as the label above it reads: "alice wrote:", "On alice's screen:"; null for own words. */
  attribution: string | null;
  /** The other's words, shown as characters (invisible and reordering characters written out); null if none. */
  quote: string | null;
  /** The answers are the other's labels (an agent's choices, a CLI's menu), not Switchboard's own. */
  choicesQuoted: boolean;
  /** The fact the quote already shows in full (the detail leaves it out): "Message", "Command". */
  quotedFact?: string;
}

/** The longest quote shown; the rest is counted ("… 1,200 more characters"). */
export const QUOTE_MAX = 2000;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A permission prompt Switchboard raised itself from the pane (`source` is refused on `approval.request`). */
function fromPane(approval: Approval): 'screen' | 'hook' | null {
  const source = approval.payload['source'];
  return approval.kind === 'permission' && (source === 'screen' || source === 'hook') ? source : null;
}

/**
 * Which of an item's texts are whose, by the fields only Switchboard sets (the contract refuses them on
 * `approval.request`, CORE_PAYLOAD_FIELDS): a lock request's `lockResource`, a handoff's `recipients`, a plan step's
 * `planId`, a prompt's `source`, a recovery escalation's `agentId`. Anything else an agent raised is its words
 * throughout — summary, message, command, choices — and is quoted under its name, never shown as Switchboard's. Pure.
 */
export function itemWords(state: NameState, approval: Approval): ItemWords {
  const { payload, kind } = approval;
  const name = shownName(state, approval.requester, approval.requesterName).text;
  const byAgent = approval.requester !== 'human';
  const wrote = byAgent ? `${name} wrote:` : null;
  const quoted = (value: string | null) => (byAgent && value !== null ? shownWords(value, QUOTE_MAX) : null);
  const pane = fromPane(approval);
  if (pane) {
    const command = text(payload.command);
    const tool = text(payload['tool']);
    const asked = command ? `${tool ? `${tool}: ` : ''}${command}` : (text(payload['question']) ?? '');
    return {
      source: 'screen',
      heading: `${name} asks permission`,
      attribution: pane === 'screen' ? `On ${name}'s screen:` : `${name}'s CLI says:`,
      quote: shownWords(asked, QUOTE_MAX),
      choicesQuoted: pane === 'screen',
      ...(command ? { quotedFact: 'Command' } : {}),
    };
  }
  if (kind === 'lock' && payload['lockResource'] && payload.lockHolder) {
    // The resource's name is the agent's too: quoted in the heading (file “src/**”), its hidden characters shown.
    const resource = /^(\w+):([\s\S]*)$/.exec(payload.resource ?? '');
    const what = resource ? `${resource[1]} “${shownWords(resource[2]!, 200)}”` : 'a lock';
    return {
      source: byAgent ? 'agent' : 'own',
      heading: `${name} asks for ${what}, held by ${callerName(state, payload.lockHolder)}`,
      attribution: wrote,
      quote: quoted(text(payload['reason'])),
      choicesQuoted: false,
    };
  }
  if (kind === 'handoff' && Array.isArray(payload['recipients'])) {
    const names = payload['recipients'].map((id) => (typeof id === 'string' ? callerName(state, id) : '?'));
    return {
      source: byAgent ? 'agent' : 'own',
      heading: `Handoff to ${names.join(', ')}`,
      attribution: wrote,
      quote: quoted(text(payload.message) ?? approval.summary),
      choicesQuoted: false,
      quotedFact: 'Message',
    };
  }
  if (kind === 'plan_step' && text(payload['planId'])) {
    return {
      source: byAgent ? 'agent' : 'own',
      heading: byAgent ? `Start a step of ${name}'s plan?` : summaryOf(state, approval),
      attribution: wrote,
      quote: quoted(approval.summary),
      choicesQuoted: false,
    };
  }
  const recovery = kind === 'escalation' && byAgent && payload['agentId'] === approval.requester;
  if (!byAgent || recovery)
    return {
      source: 'own',
      heading: summaryOf(state, approval),
      attribution: null,
      quote: null,
      choicesQuoted: false,
    };
  return {
    source: 'agent',
    heading: `${name} asks`,
    attribution: wrote,
    quote: quoted(approval.summary),
    choicesQuoted: true,
  };
}

/** The item on one line of plain text (labels, palette entries, the undo bar): the heading, then the quote in “”. */
export function itemText(words: ItemWords): string {
  return words.quote === null ? words.heading : `${words.heading}: “${words.quote.replace(/\s+/g, ' ')}”`;
}

/** Is this fact of the item the other's words (quoted in the detail), not Switchboard's? Pure. */
export function factIsQuoted(words: ItemWords, label: string): boolean {
  if (words.source === 'own') return false;
  if (words.source === 'screen') return label === 'Command';
  if (label === 'Choices') return words.choicesQuoted;
  return label === 'Message' || label === 'Command' || label === 'Resource';
}

/** The item as one line of plain text, whose words are whose (`itemWords`, `itemText`). Pure. */
export function shownItem(state: NameState, approval: Approval): string {
  return itemText(itemWords(state, approval));
}
