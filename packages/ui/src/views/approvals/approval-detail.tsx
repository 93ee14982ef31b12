import { bidiShown, type Approval, type SwitchboardEvent } from '@switchboard/protocol';
import { decisionFacts, expiresIn, formatCountdown, requesterName } from '../../approvals/approval-selectors';
import { factIsQuoted, itemText, itemWords } from '../../approvals/item-words';
import { RISK_LABELS, choiceButtons, riskFlags, type ChoiceButton } from '../../approvals/triage';
import type { FleetState } from '../../store/fleet-state';
import { AgentName } from '../agent-name';
import { TraceId } from '../agent-detail/trace-id';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { drawableGlyphs } from '../../shell/drawable-glyphs';
import { shownWords } from '../shown-text';
import { ChoiceLabel, ItemQuote } from './item-words-view';

export interface ApprovalDetailProps {
  approval: Approval;
  state: FleetState;
  now: number;
  comment: string;
  commentOpen: boolean;
  onComment(text: string): void;
  onCommentOpen(open: boolean): void;
  onDecide(button: ChoiceButton): void;
  onAlwaysAllow(): void;
}

const TERMINAL_LINES = 12;

/** The current item in full: what is asked, the risks, the agent's last terminal lines, every answer as a button (1, 2, 3 …). */
export function ApprovalDetail({
  approval,
  state,
  now,
  comment,
  commentOpen,
  onComment,
  onCommentOpen,
  onDecide,
  onAlwaysAllow,
}: ApprovalDetailProps) {
  const words = itemWords(state, approval);
  const summary = itemText(words);
  const requester = state.agents[approval.requester];
  const diff = typeof approval.payload['diff'] === 'string' ? bidiShown(approval.payload['diff']) : null;
  const flags = riskFlags(approval);
  return (
    <section className="panel queue-detail" aria-labelledby="detail-title" data-testid="approval-detail">
      <h3 id="detail-title">
        <span className={`kind-chip kind-${approval.kind}`}>{approval.kind.replace('_', ' ')}</span>{' '}
        {words.heading}
      </h3>
      <p className="muted">
        asked by{' '}
        <strong>
          <AgentName state={state} id={approval.requester} recorded={approval.requesterName} />
        </strong>{' '}
        · {new Date(approval.createdAt).toLocaleTimeString()} · expires in{' '}
        {formatCountdown(expiresIn(approval, now))}
        {approval.traceId && (
          <>
            {' · '}
            <TraceId traceId={approval.traceId} />
          </>
        )}
      </p>
      {flags.length > 0 && (
        <p className="risk-line" data-testid="detail-risks">
          Check before approving:{' '}
          {flags.map((flag) => (
            <span key={flag} className={`risk-chip risk-${flag}`}>
              {RISK_LABELS[flag]}
            </span>
          ))}
        </p>
      )}
      <ItemQuote words={words} />
      <dl className="facts">
        {decisionFacts(state, approval)
          .filter((fact) => fact.label !== words.quotedFact)
          .map((fact) => {
            const quoted = factIsQuoted(words, fact.label);
            const value = quoted ? shownWords(fact.value, 4000) : fact.value;
            return (
              <div key={fact.label} className={quoted ? 'quoted-fact' : undefined}>
                <dt>{fact.label}</dt>
                <dd>
                  {fact.label === 'Choices' && quoted ? (
                    approval.choices.map((choice, index) => (
                      <span key={index}>
                        {index > 0 && ' / '}
                        <q className="agent-words">{shownWords(choice, 200)}</q>
                      </span>
                    ))
                  ) : fact.code ? (
                    <code className={quoted ? 'agent-words' : undefined}>{value}</code>
                  ) : quoted ? (
                    <q className="agent-words">{value}</q>
                  ) : (
                    value
                  )}
                </dd>
              </div>
            );
          })}
      </dl>
      {diff && (
        <pre className="detail-diff" role="region" aria-label="Diff" tabIndex={0}>
          {diff}
        </pre>
      )}
      {requester && <TerminalTail agentId={requester.id} name={requester.name} />}
      <div className="choice-buttons" role="group" aria-label="Answers">
        {choiceButtons(approval).map((button) => (
          <button
            key={button.key}
            type="button"
            className={button.verdict === 'deny' ? 'danger' : undefined}
            aria-keyshortcuts={button.key}
            onClick={() => onDecide(button)}
          >
            <kbd>{button.key}</kbd>{' '}
            <ChoiceLabel label={button.label} quoted={words.choicesQuoted && button.choice !== undefined} />
          </button>
        ))}
      </div>
      {commentOpen ? (
        <textarea
          id={`comment-${approval.id}`}
          rows={2}
          autoFocus
          placeholder="Comment (optional, sent with the decision)"
          aria-label={`Comment on: ${summary}`}
          value={comment}
          onChange={(e) => onComment(e.target.value)}
        />
      ) : (
        <button type="button" className="link" onClick={() => onCommentOpen(true)} aria-keyshortcuts="c">
          {comment ? `Comment: ${comment}` : 'Add a comment (c)'}
        </button>
      )}
      <button
        type="button"
        className="secondary always-allow"
        onClick={onAlwaysAllow}
        title="Adds an approval policy; remove it under Policies"
      >
        Always allow this for {requesterName(state, approval)}
      </button>
    </section>
  );
}

/** The requester's last lines on screen, re-read when its state or a prompt changes. */
function TerminalTail({ agentId, name }: { agentId: string; name: string }) {
  const touches = (event: SwitchboardEvent) => 'agentId' in event && event.agentId === agentId;
  const { data, problem } = useLiveQuery(
    agentId,
    (client) => client.call('pane.read', { targets: [agentId], lines: TERMINAL_LINES }),
    touches,
  );
  const lines = data?.screens[0]?.lines ?? [];
  return (
    <figure className="terminal-tail">
      <figcaption className="muted">Last lines of {name}'s terminal</figcaption>
      <pre
        data-testid="terminal-tail"
        role="region"
        tabIndex={0}
        aria-label={`Last lines of ${name}'s terminal`}
      >
        {problem
          ? `(could not read the pane: ${problem})`
          : data === null
            ? 'reading…'
            : drawableGlyphs(lines.join('\n').trimEnd()) || '(blank screen)'}
      </pre>
    </figure>
  );
}
