import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

async function renderAt(view: 'dashboard' | 'flow', agents = ['lead', 'w1', 'w2']) {
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  await orchestrator.invoke(humanCaller, 'team.create', { name: 'web' });
  for (const name of agents) await orchestrator.invoke(humanCaller, 'agent.spawn', { name, team: 'web' });
  const client = createClient(createLinkedTransport(orchestrator, humanCaller));
  const store = createFleetStore(client);
  const shell = createShellStore();
  shell.getState().setView(view);
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
  return { orchestrator, store };
}

describe('<DashboardView> against a real core', () => {
  it('says there are no agents yet on an empty fleet, not that none matches an empty filter', async () => {
    await renderAt('dashboard', []);
    await screen.findByText(/No agents yet/);
    expect(screen.queryByText('No agent matches.')).toBeNull();
  });

  it('shows every agent with its state, counts them, and filters by counter and text', async () => {
    await renderAt('dashboard');
    const table = await screen.findByTestId('health-table');
    await waitFor(() =>
      expect(
        within(table)
          .getAllByRole('row')
          .slice(1)
          .map((r) => r.dataset['agent'])
          .sort(),
      ).toEqual(['lead', 'w1', 'w2']),
    );
    const total =
      Number(screen.getByTestId('counter-idle').querySelector('.counter-value')!.textContent) +
      Number(screen.getByTestId('counter-other').querySelector('.counter-value')!.textContent) +
      Number(screen.getByTestId('counter-working').querySelector('.counter-value')!.textContent);
    expect(total).toBe(3);
    // Sorting by name, then the other way round.
    fireEvent.click(screen.getByRole('button', { name: 'Agent' }));
    await waitFor(() =>
      expect(
        within(table)
          .getAllByRole('row')
          .slice(1)
          .map((r) => r.dataset['agent']),
      ).toEqual(['lead', 'w1', 'w2']),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Agent' }));
    await waitFor(() =>
      expect(
        within(table)
          .getAllByRole('row')
          .slice(1)
          .map((r) => r.dataset['agent']),
      ).toEqual(['w2', 'w1', 'lead']),
    );
    expect(within(table).getByRole('columnheader', { name: /Agent/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    fireEvent.click(screen.getByTestId('counter-hung'));
    await screen.findByText('No agent matches.');
    fireEvent.click(screen.getByTestId('counter-hung'));
    fireEvent.change(screen.getByLabelText('Filter agents'), { target: { value: 'w2' } });
    await waitFor(() =>
      expect(within(screen.getByTestId('health-table')).getAllByRole('row')).toHaveLength(2),
    );
    // recovery.status: the breaker is closed and nothing was tried.
    await waitFor(() =>
      expect(within(screen.getByTestId('health-table')).getAllByText('closed')).toHaveLength(1),
    );
    expect(within(screen.getByTestId('health-table')).getByText('none')).toBeTruthy();
  });
});

describe('<DashboardView> messages per minute', () => {
  it('draws whole minutes only and tells the minute under way as "so far" (no dip at each minute start)', async () => {
    const { orchestrator } = await renderAt('dashboard');
    await screen.findByTestId('health-table');
    const lead = orchestrator.fleet.snapshot().agents.find((agent) => agent.name === 'lead')!;
    await act(async () => {
      for (const body of ['one', 'two'])
        await orchestrator.invoke({ kind: 'agent', id: lead.id }, 'message.send', {
          kind: 'notification',
          to: { agent: 'w1' },
          body,
        });
    });
    const summary = () => screen.getByTestId('chart-messages-summary').textContent ?? '';
    await waitFor(() => expect(summary()).toMatch(/last hour: 2$/));
    const [, whole, soFar] = /last whole minute: (\d+), this minute so far: (\d+)/.exec(summary()) ?? [];
    // Sent now: this minute's (or, if a minute began meanwhile, the last whole one's).
    expect(Number(whole) + Number(soFar)).toBe(2);
  });
});

describe('<FlowView> against a real core', () => {
  it('draws a message sent between agents as an edge and opens its messages', async () => {
    const { orchestrator } = await renderAt('flow');
    await screen.findByTestId('flow-view');
    const snapshot = (await orchestrator.invoke(humanCaller, 'fleet.snapshot', {})) as {
      agents: { id: string; name: string }[];
    };
    const lead = snapshot.agents.find((a) => a.name === 'lead')!;
    await act(async () => {
      await orchestrator.invoke({ kind: 'agent', id: lead.id }, 'message.send', {
        kind: 'instruction',
        to: { agent: 'w1' },
        body: 'build the parser',
      });
      await orchestrator.invoke({ kind: 'agent', id: lead.id }, 'message.send', {
        kind: 'instruction',
        to: { agent: 'w1' },
        body: 'and test it',
      });
    });
    const link = await screen.findByTestId('flow-link');
    fireEvent.click(screen.getByRole('radio', { name: 'All' }));
    await waitFor(() =>
      expect(screen.getByRole('radio', { name: 'All' }).getAttribute('aria-checked')).toBe('true'),
    );
    expect(screen.getByTestId('flow-total').textContent).toBe('2 messages on 1 link');
    expect([link.dataset['from'], link.dataset['to'], link.dataset['count']]).toEqual(['lead', 'w1', '2']);
    fireEvent.click(link);
    const panel = await screen.findByTestId('edge-messages');
    await waitFor(() =>
      expect(
        within(panel)
          .getAllByTestId('edge-message')
          .map((m) => m.querySelector('.message-body')!.textContent),
      ).toEqual(['and test it', 'build the parser']),
    );
  });
});
