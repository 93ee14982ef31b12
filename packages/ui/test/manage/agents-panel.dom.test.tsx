import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { StoreContext, createFleetStore } from '../../src/index';
import { AgentsPanel } from '../../src/views/manage/agents-panel';
import { idOf, realFleet } from '../real-fleet';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

const row = (name: string) => screen.getAllByTestId('restart-row').find((r) => r.dataset['agent'] === name)!;

describe('<AgentsPanel> against a real core', () => {
  it("restarts one agent while another's restart is still running; each row shows its own progress", async () => {
    const fleet = await realFleet({ agents: [{ name: 'alpha' }, { name: 'beta' }] });
    const panes = {
      alpha: fleet.state.agents[idOf(fleet.state, 'alpha')]!.paneId,
      beta: fleet.state.agents[idOf(fleet.state, 'beta')]!.paneId,
    };
    const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
    render(
      <StoreContext.Provider value={store}>
        <AgentsPanel />
      </StoreContext.Provider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('restart-row')).toHaveLength(2));

    fireEvent.click(within(row('alpha')).getByRole('button', { name: 'Restart alpha…' }));
    fireEvent.click(within(row('alpha')).getByRole('button', { name: 'Yes, restart' }));
    // alpha's restart is in flight (its answer has not come back yet): only alpha's row is busy.
    expect(row('alpha').getAttribute('aria-busy')).toBe('true');
    expect(within(row('alpha')).getByRole('status').textContent).toBe('Restarting…');
    const betaButton = within(row('beta')).getByRole('button', { name: 'Restart beta…' });
    expect((betaButton as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(betaButton);
    fireEvent.click(within(row('beta')).getByRole('button', { name: 'Yes, restart' }));

    // Both ran: each agent is in a new pane, and no row is busy any more.
    await waitFor(async () => {
      const after = await fleet.reload();
      expect(after.agents[idOf(after, 'alpha')]!.paneId).not.toBe(panes.alpha);
      expect(after.agents[idOf(after, 'beta')]!.paneId).not.toBe(panes.beta);
    });
    await waitFor(() => expect(row('alpha').getAttribute('aria-busy')).toBe('false'));
    await waitFor(() => expect(row('beta').getAttribute('aria-busy')).toBe('false'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a restore brings back the lost and leaves the ended, unless the person ticks them in', async () => {
    const fleet = await realFleet({ agents: [{ name: 'done' }, { name: 'gone' }, { name: 'alive' }] });
    const { orchestrator } = fleet;
    // As the fleet records them: gone's pane vanished with its program running (lost); done's program ended,
    // then the terminal closed its pane (exited, no pane).
    const paneGone = (name: string, state: 'lost' | 'exited') =>
      orchestrator.fleet.repository.updateAgentState({
        ...orchestrator.fleet.requireAgent(name),
        paneId: null,
        state,
      });
    paneGone('gone', 'lost');
    paneGone('done', 'exited');
    const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
    render(
      <StoreContext.Provider value={store}>
        <AgentsPanel />
      </StoreContext.Provider>,
    );
    const bar = await screen.findByTestId('lost-bar');
    await waitFor(() => expect(bar.textContent).toContain('1 lost: gone'));
    expect(bar.textContent).toContain('Also the 1 whose program ended: done');
    expect(within(row('done')).getByRole('button', { name: 'Respawn done…' })).toBeTruthy();

    fireEvent.click(within(bar).getByRole('button', { name: 'Restore all lost (1)' }));
    await waitFor(() => expect(orchestrator.fleet.requireAgent('gone').paneId).not.toBeNull());
    expect(orchestrator.fleet.requireAgent('done')).toMatchObject({ state: 'exited', paneId: null });

    await waitFor(() => expect(within(bar).getByRole('checkbox')).toBeTruthy());
    fireEvent.click(within(bar).getByRole('checkbox'));
    fireEvent.click(within(bar).getByRole('button', { name: 'Restore lost and ended (1)' }));
    await waitFor(() => expect(orchestrator.fleet.requireAgent('done').paneId).not.toBeNull());
    await waitFor(() => expect(bar.textContent).toContain('No lost agents.'));
    expect(bar.textContent).not.toContain('whose program ended');
  });
});
