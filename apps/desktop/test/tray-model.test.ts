import { describe, expect, it } from 'vitest';
import { MAX_LISTED, trayActionCall, trayIconState, trayModel, type TrayItem } from '../src/main/tray-model';
import { agent, approval, fleet } from './fleet-fixtures';

const full = { recoveryControls: true };
const labels = (items: TrayItem[]) => items.map((i) => (i.kind === 'separator' ? '---' : i.label));
const actions = (items: TrayItem[]): unknown[] =>
  items.flatMap((i) => (i.kind === 'action' ? [i.action] : i.kind === 'submenu' ? actions(i.items) : []));

describe('the menu-bar icon', () => {
  it('is ok for a calm fleet, waiting when someone waits, error when something broke', () => {
    expect(trayIconState(fleet([]))).toBe('ok');
    expect(trayIconState(fleet([agent('a', 'working'), agent('b', 'idle')]))).toBe('ok');
    expect(trayIconState(fleet([agent('a', 'waiting_for_input')]))).toBe('waiting');
    expect(trayIconState(fleet([agent('a', 'working')], [approval('p1')]))).toBe('waiting');
    for (const state of ['error', 'hung', 'lost'] as const)
      expect(trayIconState(fleet([agent('a', 'waiting_for_input'), agent('b', state)]))).toBe('error');
    expect(trayIconState(fleet([], [], { hostProblem: 'database locked' }))).toBe('error');
  });
});

describe('the menu-bar menu', () => {
  it('counts agents per state, in the contract order', () => {
    const model = trayModel(
      fleet([
        agent('a', 'working'),
        agent('b', 'working'),
        agent('c', 'waiting_for_input'),
        agent('d', 'error'),
      ]),
      full,
    );
    expect(labels(model.items).slice(0, 4)).toEqual([
      '4 agents',
      '  Working: 2',
      '  Waiting for input: 1',
      '  Error: 1',
    ]);
    expect(model.tooltip).toBe('Switchboard — 4 agents, 1 waiting, needs attention');
  });

  it('lists pending approvals oldest first, each with approve and deny, named by the requester', () => {
    const model = trayModel(
      fleet(
        [agent('ada', 'working', { name: 'Ada' })],
        [
          approval('p2', { createdAt: '2026-01-02T00:00:00.000Z' }),
          approval('p1', { summary: 'push to main' }),
        ],
      ),
      full,
    );
    const submenus = model.items.filter((i) => i.kind === 'submenu');
    expect(submenus.map((s) => s.label)).toEqual(['Ada: push to main', 'Ada: may p2 run?']);
    expect(actions(submenus)).toEqual([
      { type: 'approve', approvalId: 'p1' },
      { type: 'deny', approvalId: 'p1' },
      { type: 'approve', approvalId: 'p2' },
      { type: 'deny', approvalId: 'p2' },
    ]);
    expect(labels(model.items)).toContain('Pending approvals (2)');
    expect(actions(model.items)).toContainEqual({ type: 'open-approvals' });
  });

  it('keeps long lists and long summaries short', () => {
    const many = Array.from({ length: MAX_LISTED + 3 }, (_, i) =>
      approval(`p${i}`, {
        summary: 'x'.repeat(500),
        createdAt: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`,
      }),
    );
    const model = trayModel(fleet([], many), full);
    const submenus = model.items.filter((i) => i.kind === 'submenu');
    expect(submenus).toHaveLength(MAX_LISTED);
    expect(submenus.every((s) => s.label.length <= 60)).toBe(true);
    expect(labels(model.items)).toContain('and 3 more…');
  });

  it('offers "go to" for agents waiting for input, disabled when the agent has no pane', () => {
    const model = trayModel(
      fleet([
        agent('a', 'waiting_for_input'),
        agent('b', 'waiting_for_input', { paneId: null }),
        agent('c', 'working'),
      ]),
      full,
    );
    const goTo = model.items.filter((i) => i.kind === 'action' && i.action.type === 'focus-pane');
    expect(goTo).toEqual([
      { kind: 'action', label: 'Go to a', action: { type: 'focus-pane', agentId: 'a' }, enabled: true },
      { kind: 'action', label: 'Go to b', action: { type: 'focus-pane', agentId: 'b' }, enabled: false },
    ]);
  });

  it('says so when nothing needs the person', () => {
    const items = labels(trayModel(fleet([]), full).items);
    expect(items).toContain('No agents');
    expect(items).toContain('No pending approvals');
    expect(items).toContain('Nobody is waiting for input');
  });

  it('offers pause or resume of automatic recovery, and degrades where the host has no such command', () => {
    expect(actions(trayModel(fleet([]), full).items)).toContainEqual({ type: 'pause-recovery' });
    expect(actions(trayModel(fleet([], [], { recoveryPaused: true }), full).items)).toContainEqual({
      type: 'resume-recovery',
    });
    const without = trayModel(fleet([]), { recoveryControls: false });
    expect(actions(without.items)).not.toContainEqual({ type: 'pause-recovery' });
    expect(labels(without.items)).toContain('Automatic recovery: not in this build');
  });

  it('offers to restore the lost agents (fleet.restore) only when some are lost', () => {
    expect(actions(trayModel(fleet([agent('a', 'working')]), full).items)).not.toContainEqual({
      type: 'restore-lost',
    });
    const model = trayModel(fleet([agent('a', 'lost'), agent('b', 'lost'), agent('c', 'idle')]), full);
    expect(model.items).toContainEqual({
      kind: 'action',
      label: 'Restore 2 lost agents',
      action: { type: 'restore-lost' },
      enabled: true,
    });
    expect(trayActionCall({ type: 'restore-lost' })).toEqual({ name: 'fleet.restore', input: {} });
  });

  it('always ends with open window and quit', () => {
    const items = trayModel(fleet([agent('a', 'working')]), full).items;
    expect(items.slice(-2)).toEqual([
      { kind: 'action', label: 'Open Switchboard', action: { type: 'open-window' }, enabled: true },
      { kind: 'action', label: 'Quit Switchboard', action: { type: 'quit' }, enabled: true },
    ]);
  });

  it('shows a host problem first', () => {
    expect(
      labels(trayModel(fleet([], [], { hostProblem: 'could not open the database' }), full).items)[0],
    ).toBe('Host problem: could not open the database');
  });
});

describe('menu actions as contract calls', () => {
  it('maps approve/deny to approval.decide, go-to to pane.focus, recovery to health.pause/resume', () => {
    expect(trayActionCall({ type: 'approve', approvalId: 'p1' })).toEqual({
      name: 'approval.decide',
      input: { decisions: [{ id: 'p1', verdict: 'approve' }] },
    });
    expect(trayActionCall({ type: 'deny', approvalId: 'p1' })).toEqual({
      name: 'approval.decide',
      input: { decisions: [{ id: 'p1', verdict: 'deny' }] },
    });
    expect(trayActionCall({ type: 'focus-pane', agentId: 'a' })).toEqual({
      name: 'pane.focus',
      input: { target: 'a' },
    });
    expect(trayActionCall({ type: 'pause-recovery' })?.name).toBe('health.pause');
    expect(trayActionCall({ type: 'resume-recovery' })?.name).toBe('health.resume');
    expect(trayActionCall({ type: 'quit' })).toBeUndefined();
    expect(trayActionCall({ type: 'open-window' })).toBeUndefined();
  });
});

describe('menu actions against a real core', () => {
  it('approve from the menu decides the item; the calls it makes are valid contract input', async () => {
    const { createMemoryBackend, createOrchestrator } = await import('@switchboard/core');
    const { commands, humanCaller } = await import('@switchboard/protocol');
    const core = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    try {
      const { approval: item } = (await core.invoke(humanCaller, 'approval.request', {
        kind: 'permission',
        summary: 'run the migration',
      })) as { approval: { id: string } };
      const call = trayActionCall({ type: 'approve', approvalId: item.id })!;
      const { approvals } = (await core.invoke(humanCaller, call.name, call.input)) as {
        approvals: { status: string }[];
      };
      expect(approvals.map((a) => a.status)).toEqual(['approved']);
      expect(
        commands['pane.focus'].input.safeParse(trayActionCall({ type: 'focus-pane', agentId: 'ada' })!.input)
          .success,
      ).toBe(true);
    } finally {
      await core.close();
    }
  });
});
