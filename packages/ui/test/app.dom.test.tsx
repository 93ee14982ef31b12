import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore } from '../src/index';

afterEach(cleanup);
// Layout (elkjs) and React Flow take a while on a loaded 2-core machine; this is patience, not a timing claim.
configure({ asyncUtilTimeout: 10_000 });

function renderApp() {
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
  render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
  );
  return { orchestrator, store };
}

describe('<App> against a real core', () => {
  it('shows the newcomer empty state, then the agent spawned from the form', async () => {
    renderApp();
    await screen.findByTestId('empty-state');
    fireEvent.change(screen.getByPlaceholderText('builder-1'), { target: { value: 'builder-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spawn' }));
    await waitFor(() => expect(screen.getAllByTestId('agent-card').map((c) => c.dataset['agent'])).toEqual(['builder-1']));
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });

  it('updates live from events caused by someone else', async () => {
    const { orchestrator } = renderApp();
    await screen.findByTestId('empty-state');
    await act(async () => {
      await orchestrator.invoke(humanCaller, 'team.create', { name: 'web' });
      await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'from-elsewhere', team: 'web' });
    });
    await waitFor(() => expect(screen.getByText('from-elsewhere')).toBeTruthy());
    expect(screen.getByRole('heading', { name: /web/ })).toBeTruthy();
  });

  it('shows the host error when a spawn is refused', async () => {
    const { orchestrator } = renderApp();
    await act(async () => {
      await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'taken' });
    });
    fireEvent.change(screen.getByPlaceholderText('builder-1'), { target: { value: 'taken' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spawn' }));
    expect((await screen.findByRole('alert')).textContent).toContain('already exists');
  });
});
