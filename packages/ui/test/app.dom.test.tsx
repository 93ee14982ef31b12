import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
// Layout (elkjs) and React Flow take a while on a loaded 2-core machine; this is patience, not a timing claim.
configure({ asyncUtilTimeout: 10_000 });

function renderApp(shell = createShellStore()) {
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
  return { orchestrator, store, shell };
}

describe('<App> against a real core', () => {
  it('shows the newcomer empty state, then the agent spawned from the form', async () => {
    renderApp();
    await screen.findByTestId('empty-state');
    fireEvent.change(screen.getByPlaceholderText('builder-1'), { target: { value: 'builder-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spawn' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('agent-card').map((c) => c.dataset['agent'])).toEqual(['builder-1']),
    );
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });

  it('updates live from events caused by someone else', async () => {
    const { orchestrator } = renderApp();
    await screen.findByTestId('empty-state');
    await act(async () => {
      await orchestrator.invoke(humanCaller, 'team.create', { name: 'web' });
      await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'from-elsewhere', team: 'web' });
    });
    // The card, not its name's text: zoomed out (fitView on a loaded machine can land there) a card is drawn compact,
    // the name only in its label.
    await waitFor(() =>
      expect(screen.getAllByTestId('agent-card').map((c) => c.dataset['agent'])).toEqual(['from-elsewhere']),
    );
    expect(screen.getByLabelText(/^Agent from-elsewhere/)).toBeTruthy();
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

  it('the palette (Ctrl+K) finds an agent by a fuzzy "b4", runs it with Enter, and lists it first, as recent, next time', async () => {
    const { orchestrator, shell } = renderApp();
    await act(async () => {
      for (const name of ['builder-4', 'reviewer'])
        await orchestrator.invoke(humanCaller, 'agent.spawn', { name });
    });
    await waitFor(() => expect(screen.getAllByTestId('agent-card')).toHaveLength(2));
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const input = await screen.findByRole('combobox', { name: 'Command' });
    fireEvent.change(input, { target: { value: 'opn b4' } });
    const options = () => within(screen.getByRole('listbox', { name: 'Commands' })).getAllByRole('option');
    expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining('Open builder-4 details')]);
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(shell.getState().view).toBe('agent'));
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    await screen.findByRole('listbox', { name: 'Commands' });
    const first = options()[0]!;
    expect(first.textContent).toContain('Open builder-4 details');
    expect(first.textContent).toContain('recent');
  });
});
