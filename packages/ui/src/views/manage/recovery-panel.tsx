import { useState } from 'react';
import type { AgentRecoveryStatus } from '@switchboard/protocol';
import { useLiveQuery } from '../agent-detail/use-live-query';
import { useCommand } from '../spawn/use-command';
import { compareNames } from '../../store/name-order';
import { ProblemAlert } from '../problem-alert';
import { RecoveryPolicySection } from './recovery-policy-section';

/**
 * Automatic recovery: pause or resume it for the whole fleet or one agent; the policy (its ladders written
 * here); reset an agent's open breaker.
 */
export function RecoveryPanel() {
  const command = useCommand();
  const { data, problem } = useLiveQuery(
    'recovery',
    (c) => c.call('recovery.status', {}),
    (e) => e.type.startsWith('recovery.') || e.type === 'agent.spawned' || e.type === 'agent.closed',
  );
  const [reason, setReason] = useState('');
  const paused = data?.paused ?? false;
  const agents = [...(data?.agents ?? [])].sort((a, b) => compareNames(a.name, b.name));

  const fleetWide = () =>
    void command.run((c) =>
      paused
        ? c.call('health.resume', {})
        : c.call('health.pause', reason.trim() ? { reason: reason.trim() } : {}),
    );
  const toggle = (agent: AgentRecoveryStatus) =>
    void command.run((c) =>
      c.call(agent.pausedSelf ? 'health.resume' : 'health.pause', { agent: agent.agentId }),
    );

  return (
    <section className="panel manage-panel" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Automatic recovery</h2>
      <p className="muted">
        When an agent hangs, Switchboard nudges, interrupts and restarts it within limits. An agent whose
        program ended is left alone unless the recovery policy has an exited ladder. Pausing stops those
        steps; hang detection goes on.
      </p>
      <div className="manage-form inline">
        <span
          className={`recovery-state ${paused ? 'is-paused' : 'is-running'}`}
          data-testid="recovery-state"
          role="status"
        >
          {paused ? 'Paused for the whole fleet' : 'Running'}
        </span>
        {!paused && (
          <label>
            Reason (optional)
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              placeholder="deploy in progress"
            />
          </label>
        )}
        <button type="button" disabled={command.busy || !data} onClick={fleetWide}>
          {paused ? 'Resume recovery' : 'Pause recovery'}
        </button>
        {data && (
          <span className="muted">{Math.floor(data.rateTokens)} automatic steps allowed right now</span>
        )}
      </div>
      <ProblemAlert problem={problem ?? command.problem} />
      <RecoveryPolicySection paused={paused} />
      <h3>Agents</h3>
      <table className="manage-table" aria-label="Recovery per agent">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">State</th>
            <th scope="col">Recovery</th>
            <th scope="col">Breaker</th>
            <th scope="col">Last step</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.agentId} data-testid="recovery-row" data-agent={agent.name}>
              <td>{agent.name}</td>
              <td>{agent.state.replaceAll('_', ' ')}</td>
              <td>{agent.pausedSelf ? 'paused (this agent)' : agent.paused ? 'paused (fleet)' : 'on'}</td>
              <td>{agent.breaker === 'open' ? `open (${agent.failures} failures)` : 'closed'}</td>
              <td>{agent.lastStep ? `${agent.lastStep.step}: ${agent.lastStep.outcome}` : '—'}</td>
              <td className="row-actions">
                <button
                  type="button"
                  className="secondary"
                  disabled={command.busy}
                  onClick={() => toggle(agent)}
                  aria-label={`${agent.pausedSelf ? 'Resume' : 'Pause'} recovery of ${agent.name}`}
                >
                  {agent.pausedSelf ? 'Resume' : 'Pause'}
                </button>
                {agent.breaker === 'open' && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      void command.run((c) => c.call('recovery.reset', { agent: agent.agentId }))
                    }
                    aria-label={`Reset the breaker of ${agent.name}`}
                  >
                    Reset breaker
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
