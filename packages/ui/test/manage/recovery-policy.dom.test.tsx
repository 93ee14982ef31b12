import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RECOVERY_POLICY,
  createClient,
  humanCaller,
  type Api,
  type Caller,
  type RecoveryPolicy,
} from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { StoreContext, createFleetStore } from '../../src/index';
import { RecoveryPanel } from '../../src/views/manage/recovery-panel';
import { durationText, moveRow, rowsOf } from '../../src/views/manage/recovery-policy-model';
import { idOf, realFleet } from '../real-fleet';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

const text = (testId: string) => screen.getByTestId(testId).textContent;
const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

function renderPanel(api: Api, caller: Caller = humanCaller) {
  const store = createFleetStore(createClient(createLinkedTransport(api, caller)));
  render(
    <StoreContext.Provider value={store}>
      <RecoveryPanel />
    </StoreContext.Provider>,
  );
}

describe('the recovery policy in <RecoveryPanel> against a real core', () => {
  it('shows the default, restarts exited agents in one click, edits both ladders and goes back to default', async () => {
    const fleet = await realFleet({ agents: [{ name: 'ada', role: 'builder' }] });
    const stored = () =>
      fleet.orchestrator.invoke(humanCaller, 'recovery.policy', {}) as Promise<RecoveryPolicy>;
    renderPanel(fleet.orchestrator);
    await waitFor(() => expect(text('recovery-policy-changed')).toBe('This is the default policy.'));
    expect(text('policy-hung-ladder')).toBe('nudge → interrupt → restart → replace → escalate (default)');
    expect(text('policy-exited-ladder')).toBe(
      'none: an agent whose program ended is reported and left alone (default)',
    );
    expect(screen.queryByRole('button', { name: 'Back to the default ladders' })).toBeNull();
    expect(text('policy-hung-after')).toBe(
      'no sign of life while working for 2 min by default; claude, codex, gemini 3 min; shell, custom 2 min (default)',
    );

    click('Restart exited agents');
    await waitFor(() => expect(text('policy-exited-ladder')).toBe('restart → replace → escalate'));
    expect(text('recovery-policy-changed')).toBe('Changed from the default: exited ladder.');
    expect((await stored()).exitedLadder).toEqual(['restart', 'replace', 'escalate']);
    expect(screen.queryByRole('button', { name: 'Restart exited agents' })).toBeNull();

    click('Edit ladders');
    fireEvent.click(screen.getByRole('checkbox', { name: 'nudge in the hung ladder' }));
    click('Move restart earlier in the hung ladder');
    fireEvent.click(screen.getByRole('checkbox', { name: 'replace in the exited ladder' }));
    click('Save ladders');
    await waitFor(() => expect(text('policy-hung-ladder')).toBe('restart → interrupt → replace → escalate'));
    expect(text('policy-exited-ladder')).toBe('restart → escalate');
    expect(text('recovery-policy-changed')).toBe('Changed from the default: hung ladder, exited ladder.');
    const edited = await stored();
    expect([edited.hungLadder, edited.exitedLadder]).toEqual([
      ['restart', 'interrupt', 'replace', 'escalate'],
      ['restart', 'escalate'],
    ]);
    // The ladders were the only change: bounds, rate and breaker are what they were.
    expect({ ...edited, hungLadder: [], exitedLadder: [] }).toEqual({
      ...DEFAULT_RECOVERY_POLICY,
      hungLadder: [],
    });

    // A change written elsewhere (the API, another window) shows here: its event makes the panel read again.
    await fleet.orchestrator.invoke(humanCaller, 'recovery.configure', {
      hungLadder: ['interrupt', 'escalate'],
      hungAfterMs: { roles: { builder: 600_000, reviewer: 600_000 } },
    });
    await waitFor(() => expect(text('policy-hung-ladder')).toBe('interrupt → escalate'));
    expect(text('policy-hung-after')).toMatch(/; role builder, reviewer 10 min$/);
    expect(text('recovery-policy-changed')).toBe(
      'Changed from the default: hang thresholds, hung ladder, exited ladder.',
    );

    // Back to the default ladders: the thresholds written through the API stay.
    click('Back to the default ladders');
    await waitFor(() =>
      expect(text('recovery-policy-changed')).toBe('Changed from the default: hang thresholds.'),
    );
    const reset = await stored();
    expect({ ...reset, hungAfterMs: null }).toEqual({ ...DEFAULT_RECOVERY_POLICY, hungAfterMs: null });
    await fleet.orchestrator.close();
  });

  it("says why a write was refused and changes nothing (a page holding an agent's token)", async () => {
    const fleet = await realFleet({ agents: [{ name: 'ada', role: 'manager' }] });
    const agent: Caller = { kind: 'agent', id: idOf(fleet.state, 'ada') };
    // The page reads as the human; its writes arrive with the agent's identity, as through an agent's token.
    const api: Api = {
      invoke: (caller, name, input, options) =>
        fleet.orchestrator.invoke(name === 'recovery.configure' ? agent : caller, name, input, options),
      subscribe: (listener, viewer) => fleet.orchestrator.subscribe(listener, viewer),
    };
    renderPanel(api);
    await waitFor(() => expect(text('recovery-policy-changed')).toBe('This is the default policy.'));
    click('Restart exited agents');
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Role "manager" lacks the permission "command:recovery.configure" needed for recovery.configure',
      ),
    );
    expect(text('policy-exited-ladder')).toMatch(/^none: .*\(default\)$/);
    expect(
      ((await fleet.orchestrator.invoke(humanCaller, 'recovery.policy', {})) as RecoveryPolicy).exitedLadder,
    ).toEqual([]);
    await fleet.orchestrator.close();
  });

  it('edits a ladder as rows: each step once, moves that stay in range, durations in words', () => {
    expect(rowsOf(['restart', 'restart', 'escalate']).map((r) => `${r.step}:${r.on}`)).toEqual([
      'restart:true',
      'escalate:true',
      'nudge:false',
      'interrupt:false',
      'replace:false',
    ]);
    const rows = rowsOf([]);
    expect(moveRow(rows, 0, -1)).toEqual(rows);
    expect(moveRow(rows, 4, 1)).toEqual(rows);
    expect(moveRow(rows, 1, -1).map((r) => r.step)).toEqual([
      'interrupt',
      'nudge',
      'restart',
      'replace',
      'escalate',
    ]);
    expect([0, 30_000, 90_000, 1_800_000, 5_400_000].map(durationText)).toEqual([
      '0 s',
      '30 s',
      '1 min 30 s',
      '30 min',
      '1 h 30 min',
    ]);
  });
});
