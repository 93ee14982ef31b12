import { describe, expect, it } from 'vitest';
import { pendingApprovals, type AttentionItem } from '@switchboard/protocol';
import { NotificationDeduper, attentionFor, dockBadge } from '../src/main/attention';
import { applyFleetEvent, fleetStateFrom } from '../src/main/fleet-state';
import { agent, approval, event, fleet, snapshot } from './fleet-fixtures';

describe('which events need the person', () => {
  const item = (overrides: Partial<AttentionItem> = {}): AttentionItem => ({
    id: 'att-1',
    kind: 'waiting_for_input',
    severity: 'warning',
    agentId: 'ada',
    agentName: 'Ada',
    teamId: null,
    title: 'Ada is waiting for input',
    body: 'Continue? [y/N]',
    approvalId: null,
    group: 'waiting_for_input',
    occurrences: 1,
    target: { agentId: 'ada', paneId: 'pane-ada', windowId: 'w1', tabId: 't1' },
    silenced: null,
    status: 'open',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  });

  it("core's attention item becomes the notification, with go-to-pane through its id", () => {
    expect(attentionFor(event({ type: 'attention.raised', item: item() }), fleet([]))).toEqual({
      key: 'attention:att-1:1',
      title: 'Ada is waiting for input',
      body: 'Continue? [y/N]',
      critical: false,
      agentId: 'ada',
      approvalId: null,
      itemId: 'att-1',
    });
    expect(
      attentionFor(
        event({
          type: 'attention.raised',
          item: item({ severity: 'critical', kind: 'approval_pending', approvalId: 'p1' }),
        }),
        fleet([]),
      ),
    ).toMatchObject({ critical: true, approvalId: 'p1' });
  });

  it('an item raised again after its cool-down notifies again; a silenced one (do-not-disturb, muted team) never', () => {
    const again = attentionFor(
      event({ type: 'attention.raised', item: item({ occurrences: 3 }) }),
      fleet([]),
    );
    expect(again?.key).toBe('attention:att-1:3');
    expect(
      attentionFor(
        event({ type: 'attention.raised', item: item({ silenced: 'do_not_disturb' }) }),
        fleet([]),
      ),
    ).toBeNull();
    expect(
      attentionFor(event({ type: 'attention.raised', item: item({ silenced: 'team_muted' }) }), fleet([])),
    ).toBeNull();
  });

  it('no go-to-pane for an item without a pane; raw state changes are left to core', () => {
    expect(
      attentionFor(event({ type: 'attention.raised', item: item({ target: null }) }), fleet([]))?.agentId,
    ).toBeNull();
    expect(
      attentionFor(
        event({ type: 'agent.updated', agent: agent('ada', 'waiting_for_input') }),
        fleet([agent('ada', 'working')]),
      ),
    ).toBeNull();
    expect(
      attentionFor(event({ type: 'approval.requested', approval: approval('p1') }), fleet([])),
    ).toBeNull();
  });

  it('human.notified: critical for error and blocked; pane.matched only when the human is the one told', () => {
    const note = (level: string) =>
      event({
        type: 'human.notified',
        notification: {
          id: 'n1',
          fromAgentId: 'ada',
          level,
          summary: 'tests are red',
          details: null,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      });
    const before = fleet([agent('ada', 'working')]);
    expect(attentionFor(note('blocked'), before)).toMatchObject({
      critical: true,
      agentId: 'ada',
      body: 'tests are red',
    });
    expect(attentionFor(note('info'), before)).toMatchObject({ critical: false });
    const match = (notifyAgentId: string | null) =>
      event({
        type: 'pane.matched',
        watchId: 'w1',
        paneId: 'pane-ada',
        agentId: 'ada',
        notifyAgentId,
        label: 'build failed',
        line: 'ERROR x',
      });
    expect(attentionFor(match(null), before)).toMatchObject({ title: 'build failed — ada', agentId: 'ada' });
    expect(attentionFor(match('bob'), before)).toBeNull();
  });

  it('other events are not notifications', () => {
    expect(attentionFor(event({ type: 'team.deleted', teamId: 't' }), fleet([]))).toBeNull();
    expect(
      attentionFor(
        event({ type: 'approval.decided', approval: approval('p1', { status: 'approved' }) }),
        fleet([]),
      ),
    ).toBeNull();
  });
});

describe('NotificationDeduper', () => {
  it('shows a situation once per window, again after the window', () => {
    const dedupe = new NotificationDeduper(60_000, 5);
    expect(dedupe.decide('state:a:waiting', 0)).toBe('show');
    expect(dedupe.decide('state:a:waiting', 59_999)).toBe('suppress');
    expect(dedupe.decide('state:a:waiting', 60_000)).toBe('show');
  });

  it('different situations are independent', () => {
    const dedupe = new NotificationDeduper(60_000, 5);
    expect(dedupe.decide('a', 0)).toBe('show');
    expect(dedupe.decide('b', 1)).toBe('show');
    expect(dedupe.decide('a', 2)).toBe('suppress');
  });

  it('forget lets a resolved situation that comes back notify again', () => {
    const dedupe = new NotificationDeduper(60_000, 5);
    dedupe.decide('a', 0);
    dedupe.forget('a');
    expect(dedupe.decide('a', 10)).toBe('show');
  });

  it('a storm of different situations becomes one summary, then silence, until the window passes', () => {
    const dedupe = new NotificationDeduper(60_000, 3);
    expect(['k1', 'k2', 'k3'].map((k, i) => dedupe.decide(k, i))).toEqual(['show', 'show', 'show']);
    expect(dedupe.decide('k4', 10)).toBe('summarize');
    expect(dedupe.decide('k4', 11)).toBe('suppress');
    expect(dedupe.decide('k5', 70_000)).toBe('show');
  });
});

describe('fleet state and the Dock', () => {
  it('tracks pending approvals through request, decision and expiry', () => {
    const pendingIds = () => pendingApprovals(state).map((a) => a.id);
    let state = fleetStateFrom(snapshot([agent('ada', 'working')]), [
      approval('p1'),
      approval('p0', { status: 'approved' }),
    ]);
    expect(pendingIds()).toEqual(['p1']);
    state = applyFleetEvent(state, event({ type: 'approval.requested', approval: approval('p2') }));
    state = applyFleetEvent(state, event({ type: 'approval.requested', approval: approval('p3') }));
    expect(dockBadge(pendingIds().length)).toBe('3');
    state = applyFleetEvent(
      state,
      event({ type: 'approval.decided', approval: approval('p1', { status: 'denied' }) }),
    );
    state = applyFleetEvent(
      state,
      event({ type: 'approval.expired', approval: approval('p2', { status: 'expired' }) }),
    );
    // The shared reducer knows withdrawals too (the shell's own copy used to keep such items pending).
    state = applyFleetEvent(
      state,
      event({ type: 'approval.withdrawn', approval: approval('p3', { status: 'withdrawn' }) }),
    );
    expect(dockBadge(pendingIds().length)).toBe('');
  });

  it('tracks agents through spawn, update and close', () => {
    let state = fleetStateFrom(snapshot([]), []);
    state = applyFleetEvent(state, event({ type: 'agent.spawned', agent: agent('ada', 'starting') }));
    state = applyFleetEvent(state, event({ type: 'agent.updated', agent: agent('ada', 'working') }));
    expect(state.agents['ada']?.state).toBe('working');
    state = applyFleetEvent(state, event({ type: 'agent.closed', agentId: 'ada' }));
    expect(Object.keys(state.agents)).toEqual([]);
  });

  it('caps the badge', () => {
    expect(dockBadge(0)).toBe('');
    expect(dockBadge(7)).toBe('7');
    expect(dockBadge(150)).toBe('99+');
  });
});
