import { useState, type FormEvent } from 'react';
import type { CommandInput, CommandOutput } from '@switchboard/protocol';
import { composeSend, type CascadeRow } from '../../manage/fleet-admin';
import { childTeamsInOrder } from '../../store/team-order';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useCommand } from '../spawn/use-command';
import { useFleet } from '../store-context';
import { compareNames } from '../../store/name-order';
import { ProblemAlert } from '../problem-alert';

type SendInput = CommandInput<'message.send'>;
const firstRow = (): CascadeRow => ({ audience: 'team', target: '', text: '' });

/**
 * A message to a team, a role, one agent or everyone; with several rows, a cascade: each recipient gets
 * the most specific text that reaches it (agent > sub-team > team > role > everyone), in one call.
 */
export function BroadcastPanel() {
  const fleet = useFleet((s) => s.fleet);
  const command = useCommand();
  const roles = useLiveQuery(
    'roles',
    (c) => c.call('role.list', {}),
    (e) => e.type.startsWith('role.'),
  );
  const [rows, setRows] = useState<CascadeRow[]>([firstRow()]);
  const [kind, setKind] = useState<SendInput['kind']>('instruction');
  const [priority, setPriority] = useState<SendInput['priority']>('normal');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [result, setResult] = useState<CommandOutput<'message.send'> | null>(null);
  const teams = childTeamsInOrder(fleet);
  const agents = Object.values(fleet.agents).sort((a, b) => compareNames(a.name, b.name));

  const change = (index: number, patch: Partial<CascadeRow>) =>
    setRows((all) => all.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const send = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    let input: SendInput;
    try {
      input = composeSend(rows, kind, priority);
      setInvalid(null);
    } catch (error) {
      setInvalid((error as Error).message);
      return;
    }
    const sent = await command.run((c) => c.call('message.send', input));
    if (sent) {
      setResult(sent);
      setRows([firstRow()]);
    }
  };

  return (
    <section className="panel manage-panel" aria-labelledby="broadcast-title">
      <h2 id="broadcast-title">Broadcast and cascade</h2>
      <form className="manage-form" onSubmit={send} aria-label="Compose a message">
        {rows.map((row, index) => (
          <fieldset key={index} className="cascade-row" data-testid="cascade-row">
            <legend>{rows.length === 1 ? 'To' : `Part ${index + 1}`}</legend>
            <div className="manage-form inline">
              <label>
                Audience
                <select
                  aria-label={`Audience of part ${index + 1}`}
                  value={row.audience}
                  onChange={(e) =>
                    change(index, { audience: e.target.value as CascadeRow['audience'], target: '' })
                  }
                >
                  <option value="team">A team (and its sub-teams)</option>
                  <option value="role">Everyone with a role</option>
                  <option value="agent">One agent</option>
                  <option value="broadcast">Everyone</option>
                </select>
              </label>
              {row.audience !== 'broadcast' && (
                <label>
                  {row.audience === 'team' ? 'Team' : row.audience === 'role' ? 'Role' : 'Agent'}
                  <select
                    aria-label={`${row.audience === 'team' ? 'Team' : row.audience === 'role' ? 'Role' : 'Agent'} of part ${index + 1}`}
                    value={row.target}
                    onChange={(e) => change(index, { target: e.target.value })}
                  >
                    <option value="">Choose…</option>
                    {row.audience === 'team' &&
                      teams.map(({ team, depth }) => (
                        <option key={team.id} value={team.id}>{`${'  '.repeat(depth)}${team.name}`}</option>
                      ))}
                    {row.audience === 'role' &&
                      (roles.data?.roles ?? []).map((r) => (
                        <option key={r.name} value={r.name}>
                          {r.name}
                        </option>
                      ))}
                    {row.audience === 'agent' &&
                      agents.map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.name}
                        </option>
                      ))}
                  </select>
                </label>
              )}
              {rows.length > 1 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setRows((all) => all.filter((_, i) => i !== index))}
                  aria-label={`Remove part ${index + 1}`}
                >
                  Remove
                </button>
              )}
            </div>
            <label>
              Text
              <textarea
                aria-label={`Text of part ${index + 1}`}
                rows={3}
                value={row.text}
                onChange={(e) => change(index, { text: e.target.value })}
                maxLength={32_000}
              />
            </label>
          </fieldset>
        ))}
        <div className="manage-form inline">
          <button type="button" className="secondary" onClick={() => setRows((all) => [...all, firstRow()])}>
            Add an audience (cascade)
          </button>
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as SendInput['kind'])}>
              <option value="instruction">instruction</option>
              <option value="notification">notification</option>
              <option value="request">request</option>
            </select>
          </label>
          <label>
            Priority
            <select value={priority} onChange={(e) => setPriority(e.target.value as SendInput['priority'])}>
              {(['low', 'normal', 'high', 'urgent'] as const).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={command.busy}>
            Send
          </button>
        </div>
      </form>
      <ProblemAlert problem={invalid ?? command.problem} />
      {result && (
        <p className="form-done" role="status" data-testid="broadcast-result">
          Sent to {result.deliveries.length} recipient{result.deliveries.length === 1 ? '' : 's'}
          {result.deduplicated.length > 0 && `; ${result.deduplicated.length} skipped (same text just sent)`}
          {result.notPermitted.length > 0 && `; not permitted: ${result.notPermitted.join(', ')}`}
        </p>
      )}
    </section>
  );
}
