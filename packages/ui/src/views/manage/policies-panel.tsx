import { useState, type FormEvent } from 'react';
import { ApprovalKind, PolicyAction, type ApprovalPolicy } from '@switchboard/protocol';
import { childTeamsInOrder } from '../../store/team-order';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { describePolicy } from '../approvals/policy-list';
import { useCommand } from '../spawn/use-command';
import { useFleet } from '../store-context';
import { ConfirmButton } from './confirm-button';
import { ManagePanel } from './manage-panel';
import { compareNames } from '../../store/name-order';

interface Draft {
  kind: string;
  requester: string;
  team: string;
  pattern: string;
  action: PolicyAction;
  comment: string;
}
const emptyDraft: Draft = { kind: '', requester: '', team: '', pattern: '', action: 'ask', comment: '' };
const draftOf = (p: ApprovalPolicy): Draft => ({
  kind: p.kind ?? '',
  requester: p.requester ?? '',
  team: p.team ?? '',
  pattern: p.pattern ?? '',
  action: p.action,
  comment: p.comment ?? '',
});
/** A draft's match fields as the contract takes them: empty means "any" (null clears it on update). */
const fieldsOf = (d: Draft) => ({
  kind: d.kind ? ApprovalKind.parse(d.kind) : null,
  requester: d.requester || null,
  team: d.team || null,
  pattern: d.pattern.trim() || null,
  action: d.action,
  comment: d.comment.trim() || null,
});

/** Approval policies in the order they are checked (first match wins): add, edit in place, reorder, remove. */
export function PoliciesPanel() {
  const fleet = useFleet((s) => s.fleet);
  const command = useCommand();
  const { data, problem } = useLiveQuery(
    'policies',
    (c) => c.call('policy.list', {}),
    (e) => e.type.startsWith('policy.'),
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const policies = data?.policies ?? [];

  const add = async (draft: Draft) => {
    const { kind, requester, team, pattern, comment, action } = fieldsOf(draft);
    const input = {
      action,
      ...(kind ? { kind } : {}),
      ...(requester ? { requester } : {}),
      ...(team ? { team } : {}),
      ...(pattern ? { pattern } : {}),
      ...(comment ? { comment } : {}),
    };
    if (await command.run((c) => c.call('policy.add', input))) setAdding(false);
  };
  const update = async (policy: ApprovalPolicy, draft: Draft) => {
    if (await command.run((c) => c.call('policy.update', { id: policy.id, ...fieldsOf(draft) })))
      setEditing(null);
  };
  const move = (policy: ApprovalPolicy, by: number) =>
    void command.run((c) => c.call('policy.update', { id: policy.id, position: policy.position + by }));

  return (
    <ManagePanel
      id="policies-manage-title"
      title="Approval policies"
      intro={
        <p className="muted">
          Checked top to bottom; the first policy matching an item decides it (approve, deny) or leaves it to
          you (ask).
        </p>
      }
      problem={problem ?? command.problem}
    >
      {policies.length === 0 && <p className="muted">No policies: every item waits for a person.</p>}
      <ol className="manage-list" aria-label="Policies">
        {policies.map((policy, index) => (
          <li key={policy.id} className="manage-row" data-testid="manage-policy-row">
            {editing === policy.id ? (
              <PolicyForm
                fleetTeams={childTeamsInOrder(fleet).map(({ team }) => team)}
                initial={draftOf(policy)}
                submitLabel="Save"
                onSubmit={(d) => update(policy, d)}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <>
                <span className="row-title">
                  <span className={`policy-action action-${policy.action}`}>{policy.action}</span>{' '}
                  {describePolicy(fleet, policy)}
                  {policy.comment && <span className="muted"> — {policy.comment}</span>}
                </span>
                <span className="row-actions">
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setEditing(policy.id)}
                    aria-label={`Edit policy ${index + 1}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={index === 0}
                    onClick={() => move(policy, -1)}
                    aria-label={`Move policy ${index + 1} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={index === policies.length - 1}
                    onClick={() => move(policy, 1)}
                    aria-label={`Move policy ${index + 1} down`}
                  >
                    ↓
                  </button>
                  <ConfirmButton
                    label={`Remove policy ${index + 1}…`}
                    question="Remove this policy?"
                    yes="Yes, remove"
                    onConfirm={() => command.run((c) => c.call('policy.remove', { id: policy.id }))}
                  />
                </span>
              </>
            )}
          </li>
        ))}
      </ol>
      {adding ? (
        <PolicyForm
          fleetTeams={childTeamsInOrder(fleet).map(({ team }) => team)}
          initial={emptyDraft}
          submitLabel="Add policy"
          onSubmit={add}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          New policy…
        </button>
      )}
    </ManagePanel>
  );
}

function PolicyForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  fleetTeams,
}: {
  initial: Draft;
  submitLabel: string;
  onSubmit(draft: Draft): Promise<void>;
  onCancel(): void;
  fleetTeams: { id: string; name: string }[];
}) {
  const agents = useFleet((s) => s.fleet.agents);
  const [draft, setDraft] = useState(initial);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit(draft);
  };
  return (
    <form
      className="manage-form inline policy-form"
      onSubmit={submit}
      aria-label={submitLabel === 'Save' ? 'Edit policy' : 'New policy'}
    >
      <label>
        Action
        <select value={draft.action} onChange={(e) => set({ action: e.target.value as PolicyAction })}>
          {PolicyAction.options.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select value={draft.kind} onChange={(e) => set({ kind: e.target.value })}>
          <option value="">any</option>
          {ApprovalKind.options.map((k) => (
            <option key={k} value={k}>
              {k.replace('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Asked by
        <select value={draft.requester} onChange={(e) => set({ requester: e.target.value })}>
          <option value="">anyone</option>
          {draft.requester && !agents[draft.requester] && (
            <option value={draft.requester}>{draft.requester}</option>
          )}
          {Object.values(agents)
            .sort((a, b) => compareNames(a.name, b.name))
            .map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        Team
        <select value={draft.team} onChange={(e) => set({ team: e.target.value })}>
          <option value="">any</option>
          {draft.team && !fleetTeams.some((t) => t.id === draft.team) && (
            <option value={draft.team}>{draft.team}</option>
          )}
          {fleetTeams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Matching (glob: * and ?)
        <input
          value={draft.pattern}
          onChange={(e) => set({ pattern: e.target.value })}
          placeholder="npm test*"
          maxLength={1000}
        />
      </label>
      <label>
        Comment
        <input value={draft.comment} onChange={(e) => set({ comment: e.target.value })} maxLength={2000} />
      </label>
      <button type="submit">{submitLabel}</button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
