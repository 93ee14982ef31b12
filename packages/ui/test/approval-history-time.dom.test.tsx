import { act, cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, humanCaller, type Approval, type Caller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';
import { idOf, realFleet } from './real-fleet';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

// Found by use (session 25): a permission item withdrawn after a host restart stood in the history at
// "12/8/2026, 11:53:18 PM" — its expiry, a day ahead — for a withdrawn item carries no decision and the row fell
// back to expiresAt. The item now says when it stopped waiting (closedAt).
describe('approval history: when each item stopped waiting', () => {
  it('a withdrawn item shows the time it was withdrawn, not its expiry a day ahead', async () => {
    const fleet = await realFleet({ agents: [{ name: 'asker', role: 'builder' }] });
    const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
    const shell = createShellStore();
    shell.getState().setView('approvals');
    render(
      <StoreContext.Provider value={store}>
        <App shell={shell} />
      </StoreContext.Provider>,
    );
    const asker: Caller = { kind: 'agent', id: idOf(fleet.state, 'asker') };
    const asked = (await fleet.orchestrator.invoke(asker, 'approval.request', {
      kind: 'permission',
      summary: 'run the tests',
      payload: { command: 'npm test' },
    })) as { approval: Approval } | Approval;
    const item = 'approval' in asked ? asked.approval : asked;
    await act(async () => {
      fleet.clock.advance(90_000);
      fleet.orchestrator.approvals.withdraw(item.id, 'answered in the terminal');
    });
    const withdrawnAt = new Date(fleet.clock.now()).toLocaleString();
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    const when = screen.getByTestId('history-row').querySelector('td')!.textContent;
    expect(when).toBe(withdrawnAt);
    expect(when).not.toBe(new Date(item.expiresAt!).toLocaleString());
    const history = (await fleet.orchestrator.invoke(humanCaller, 'approval.history', {})) as {
      approvals: Approval[];
    };
    expect(history.approvals[0]).toMatchObject({
      status: 'withdrawn',
      closedAt: new Date(fleet.clock.now()).toISOString(),
    });
  });
});
