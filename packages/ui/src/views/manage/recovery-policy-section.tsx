import { useState, type FormEvent } from 'react';
import {
  DEFAULT_RECOVERY_POLICY,
  RESTART_EXITED_LADDER,
  RecoveryStep,
  type CommandInput,
  type RecoveryPolicy,
} from '@switchboard/protocol';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useCommand } from '../spawn/use-command';
import { ProblemAlert } from '../problem-alert';
import { LadderEditor } from './ladder-editor';
import {
  changedFromDefault,
  durationText,
  hungAfterText,
  ladderOf,
  ladderText,
  rowsOf,
  sameLadder,
  type LadderRow,
} from './recovery-policy-model';

const DEFAULT_LADDERS = {
  hungLadder: DEFAULT_RECOVERY_POLICY.hungLadder,
  exitedLadder: DEFAULT_RECOVERY_POLICY.exitedLadder,
};

function DefaultMark({ isDefault }: { isDefault: boolean }) {
  return isDefault ? <span className="default-mark"> (default)</span> : null;
}

/**
 * The recovery policy as stored (ladders, step bounds, rate limit, breaker; the default marked) and the
 * human's control over the two ladders: edit them, "Restart exited agents" in one click, back to default.
 * Written through `recovery.configure`, which only the human may call.
 */
export function RecoveryPolicySection({ paused }: { paused: boolean }) {
  const command = useCommand();
  const { data, problem } = useLiveQuery(
    'recovery-policy',
    (c) => c.call('recovery.policy', {}),
    (e) => e.type === 'recovery.policy_changed',
  );
  // What this panel wrote shows at once, until the next read (after the change's event) replaces it.
  const [written, setWritten] = useState<{ policy: RecoveryPolicy; over: RecoveryPolicy | null } | null>(
    null,
  );
  const [draft, setDraft] = useState<{ hung: LadderRow[]; exited: LadderRow[] } | null>(null);
  const policy = written && written.over === data ? written.policy : data;

  const write = async (patch: CommandInput<'recovery.configure'>) => {
    const stored = await command.run((c) => c.call('recovery.configure', patch));
    if (stored) {
      setWritten({ policy: stored, over: data });
      setDraft(null);
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (draft) void write({ hungLadder: ladderOf(draft.hung), exitedLadder: ladderOf(draft.exited) });
  };

  if (!policy)
    return (
      <section aria-labelledby="recovery-policy-title">
        <h3 id="recovery-policy-title">Recovery policy</h3>
        <ProblemAlert problem={problem} />
      </section>
    );
  const changed = changedFromDefault(policy);
  const d = DEFAULT_RECOVERY_POLICY;
  const hungDefault = sameLadder(policy.hungLadder, d.hungLadder);
  const exitedDefault = sameLadder(policy.exitedLadder, d.exitedLadder);
  return (
    <section aria-labelledby="recovery-policy-title" data-testid="recovery-policy">
      <h3 id="recovery-policy-title">Recovery policy</h3>
      <p className="muted" data-testid="recovery-policy-changed">
        {changed.length === 0
          ? 'This is the default policy.'
          : `Changed from the default: ${changed.join(', ')}.`}
      </p>
      <dl className="policy-summary">
        <dt>Hung after</dt>
        <dd data-testid="policy-hung-after">
          no sign of life while working for {hungAfterText(policy.hungAfterMs)}
          <DefaultMark isDefault={JSON.stringify(policy.hungAfterMs) === JSON.stringify(d.hungAfterMs)} />
        </dd>
        <dt>Hung agents</dt>
        <dd data-testid="policy-hung-ladder">
          {ladderText(policy.hungLadder, 'a hung agent is reported and left alone')}
          <DefaultMark isDefault={hungDefault} />
        </dd>
        <dt>Exited agents</dt>
        <dd data-testid="policy-exited-ladder">
          {ladderText(policy.exitedLadder, 'an agent whose program ended is reported and left alone')}
          <DefaultMark isDefault={exitedDefault} />
        </dd>
        <dt>Rate limit</dt>
        <dd>
          {policy.globalRate.perMinute} automatic steps a minute, bursts of {policy.globalRate.burst}
          <DefaultMark isDefault={JSON.stringify(policy.globalRate) === JSON.stringify(d.globalRate)} />
        </dd>
        <dt>Breaker</dt>
        <dd>
          opens after {policy.breaker.maxFailures} failed tries within {durationText(policy.breaker.windowMs)}
          <DefaultMark isDefault={JSON.stringify(policy.breaker) === JSON.stringify(d.breaker)} />
        </dd>
        <dt>Automatic recovery</dt>
        <dd>{paused ? 'paused for the whole fleet: no step runs until resumed' : 'running'}</dd>
      </dl>
      <table className="manage-table step-bounds" aria-label="Tries and cool-down per step">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Tries</th>
            <th scope="col">Cool-down</th>
          </tr>
        </thead>
        <tbody>
          {RecoveryStep.options.map((step) => (
            <tr key={step}>
              <td>{step}</td>
              <td>{policy.steps[step].attempts}</td>
              <td>
                {durationText(policy.steps[step].coolDownMs)}
                <DefaultMark
                  isDefault={JSON.stringify(policy.steps[step]) === JSON.stringify(d.steps[step])}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ProblemAlert problem={command.problem ?? problem} />
      {draft ? (
        <form className="manage-form ladders-form" onSubmit={save} aria-label="Edit the recovery ladders">
          <div className="ladder-editors">
            <LadderEditor
              name="hung"
              legend="Hung agents (no sign of life while working): steps in order"
              rows={draft.hung}
              onChange={(hung) => setDraft({ ...draft, hung })}
            />
            <LadderEditor
              name="exited"
              legend="Exited agents (their program ended): steps in order"
              rows={draft.exited}
              onChange={(exited) => setDraft({ ...draft, exited })}
            />
          </div>
          <p className="muted">
            The terminal cannot tell an exit on purpose from a crash: an exited ladder also restarts programs
            that ended because their work was done.
          </p>
          <div className="manage-form inline">
            <button type="submit" disabled={command.busy}>
              Save ladders
            </button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="manage-form inline">
          <button
            type="button"
            onClick={() => setDraft({ hung: rowsOf(policy.hungLadder), exited: rowsOf(policy.exitedLadder) })}
          >
            Edit ladders
          </button>
          {!sameLadder(policy.exitedLadder, RESTART_EXITED_LADDER) && (
            <button
              type="button"
              className="secondary"
              disabled={command.busy}
              onClick={() => void write({ exitedLadder: RESTART_EXITED_LADDER })}
              title={`Exited ladder: ${RESTART_EXITED_LADDER.join(' → ')}`}
            >
              Restart exited agents
            </button>
          )}
          {!(hungDefault && exitedDefault) && (
            <button
              type="button"
              className="secondary"
              disabled={command.busy}
              onClick={() => void write(DEFAULT_LADDERS)}
            >
              Back to the default ladders
            </button>
          )}
        </div>
      )}
    </section>
  );
}
