// What approvals reads of other domains, through their repositories (real SQLite): an asker's name from the
// fleet's records, closed agents included; a decided prompt's answer and an old withdrawal's reason from the audit
// log's newest entry.
import type { Agent, Approval } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import {
  keepAnswersFromAudit,
  keepWithdrawnReasonsFromAudit,
  withRequesterNames,
} from '../../src/approvals/approval-lookups';
import { approvalMigrations } from '../../src/approvals/approval-migrations';
import { ApprovalRepository } from '../../src/approvals/approval-repository';
import { AuditLog } from '../../src/audit/audit-log';
import { auditMigrations } from '../../src/audit/audit-migrations';
import { fleetMigrations } from '../../src/fleet/fleet-migrations';
import { FleetRepository } from '../../src/fleet/fleet-repository';
import { openStore } from '../../src/store/store';
import { FakeClock } from '../../src/testing/index';

const AT = '2026-01-01T00:00:00.000Z';
const agent = (id: string, name: string): Agent => ({
  id,
  name,
  kind: 'claude',
  command: null,
  cwd: null,
  teamId: null,
  role: 'builder',
  state: 'idle',
  stateSince: AT,
  paneId: null,
  position: 0,
  createdAt: AT,
  worktree: null,
});
const decidedPrompt = (id: string, requester: string, source = 'screen'): Approval => ({
  id,
  kind: 'permission',
  requester,
  summary: 'Run ls?',
  payload: { source, fingerprint: `f-${id}`, agentId: requester },
  choices: ['approve', 'deny'],
  status: 'pending',
  createdAt: AT,
  expiresAt: null,
  onExpiry: 'deny',
  decision: null,
});

function setup() {
  const store = openStore(':memory:', [fleetMigrations, auditMigrations, approvalMigrations]);
  const fleet = new FleetRepository(store);
  const audit = new AuditLog(store, new FakeClock());
  const approvals = new ApprovalRepository(store);
  const decide = (item: Approval) => {
    approvals.insert(item);
    approvals.settle({
      ...item,
      status: 'approved',
      decision: { verdict: 'approve', decidedBy: 'human', decidedAt: AT },
    } as Approval);
  };
  const answered = (target: string, confirmed: boolean, keys: string[]) =>
    audit.append({
      actor: { kind: 'system', id: 'switchboard' },
      action: confirmed ? 'prompt.answered' : 'prompt.answer_failed',
      target,
      details: { confirmed, error: confirmed ? null : 'no change', keys },
    });
  return { store, fleet, audit, approvals, decide, answered };
}

describe('approvals read other domains through their repositories', () => {
  it('names askers from their records, closed agents included; an id with no record gets no name', () => {
    const { fleet } = setup();
    fleet.insertAgent(agent('agent-1', 'open-one'));
    fleet.insertAgent(agent('agent-2', 'closed-one'));
    fleet.markAgentClosed('agent-2', AT);
    const items = [
      decidedPrompt('i1', 'agent-1'),
      decidedPrompt('i2', 'agent-2'),
      decidedPrompt('i3', 'human'),
    ];
    expect(withRequesterNames(items, (ids) => fleet.namesOf(ids)).map((a) => a.requesterName)).toEqual([
      'open-one',
      'closed-one',
      undefined,
    ]);
  });

  it("keeps each decided prompt's newest audited answer, and names the items the audit log has none for", () => {
    const { audit, approvals, decide, answered } = setup();
    for (const id of ['i1', 'i2', 'i3']) decide(decidedPrompt(id, 'agent-1'));
    decide(decidedPrompt('other', 'agent-1', 'agent')); // not a pane's prompt: never backfilled
    answered('i1', false, []);
    answered('i1', true, ['enter']); // the newest wins
    answered('i2', false, ['escape']);
    answered('other', true, ['enter']);
    audit.append({
      actor: { kind: 'human', id: 'human' },
      action: 'approval.decide',
      target: 'i3',
      details: {},
    });

    expect(keepAnswersFromAudit(approvals, audit)).toEqual(['i3']);
    expect(approvals.find('i1')?.answer).toEqual({ confirmed: true, error: null, keys: ['enter'] });
    expect(approvals.find('i2')?.answer).toEqual({ confirmed: false, error: 'no change', keys: ['escape'] });
    expect(approvals.find('i3')?.answer).toBeUndefined();
    expect(approvals.find('other')?.answer).toBeUndefined();
    expect(keepAnswersFromAudit(approvals, audit)).toEqual(['i3']); // kept: the next start reads only i3 again
  });

  it("gives items withdrawn before reasons were kept their audited reason, or '' when the log has none", () => {
    const { store, audit, approvals } = setup();
    for (const id of ['w1', 'w2', 'w3']) approvals.insert({ ...decidedPrompt(id, 'agent-1'), id });
    const withdrawn = (id: string, reason: string) => {
      approvals.withdraw(id, AT, reason);
      audit.append({
        actor: { kind: 'system', id: 'switchboard' },
        action: 'approval.withdrawn',
        target: id,
        details: { kind: 'permission', requester: 'agent-1', reason },
      });
    };
    withdrawn('w1', 'answered in the terminal');
    withdrawn('w2', 'the agent was closed');
    approvals.withdraw('w3', AT, 'no audit entry');
    // A database from before: the column is new, so every withdrawn item has none.
    store.prepare('UPDATE approvals SET withdrawn_reason = NULL').run();
    expect(approvals.find('w1')?.withdrawnReason).toBeUndefined();

    keepWithdrawnReasonsFromAudit(approvals, audit);
    expect(['w1', 'w2', 'w3'].map((id) => approvals.find(id)?.withdrawnReason)).toEqual([
      'answered in the terminal',
      'the agent was closed',
      undefined,
    ]);
    expect(approvals.withdrawnWithoutReason()).toEqual([]); // looked up once: w3 is not read again
  });
});
