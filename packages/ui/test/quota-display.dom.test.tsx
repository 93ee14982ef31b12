import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller, type Caller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

/** A real core whose memory quota is 100 bytes an agent; ada and bob, the UI on the health dashboard. */
async function renderDashboard() {
  const orchestrator = createOrchestrator({
    databasePath: ':memory:',
    backend: createMemoryBackend(),
    memory: { maxBytesPerAuthor: 100 },
  });
  const spawn = async (name: string): Promise<Caller> => ({
    kind: 'agent',
    id: ((await orchestrator.invoke(humanCaller, 'agent.spawn', { name })) as { id: string }).id,
  });
  const ada = await spawn('ada');
  await spawn('bob');
  const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
  const shell = createShellStore();
  shell.getState().setView('dashboard');
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
  return { orchestrator, ada, shell };
}

const quotaCell = (agent: string) =>
  within(
    screen.getByTestId('health-table').querySelector<HTMLElement>(`tr[data-agent="${agent}"]`)!,
  ).getByTestId('quota-cell');

describe('quota usage in the UI, against a real core', () => {
  it('the dashboard shows each agent its closest quota and turns to a warning past 80 %, live; the detail shows all three', async () => {
    const { orchestrator, ada, shell } = await renderDashboard();
    await screen.findByTestId('health-table');
    await waitFor(() => expect(quotaCell('ada').textContent).toBe('0 %'));
    expect(quotaCell('ada').dataset['level']).toBe('ok');

    // key (2) + value (81) + tags ('[]', 2) = 85 bytes of 100.
    await act(async () => {
      await orchestrator.invoke(ada, 'memory.put', { namespace: 'global', key: 'k1', value: 'x'.repeat(81) });
    });
    await waitFor(() => expect(quotaCell('ada').dataset['level']).toBe('warn'));
    expect(quotaCell('ada').textContent).toBe('85 % memory (near its limit)');
    expect(quotaCell('bob').dataset['level']).toBe('ok');
    // Sorted by quota, descending (a second click): the agent closest to a limit first.
    const header = within(screen.getByTestId('health-table')).getByRole('button', { name: /Quota/ });
    fireEvent.click(header);
    fireEvent.click(header);
    const order = () =>
      within(screen.getByTestId('health-table'))
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.dataset['agent']);
    await waitFor(() => expect(order()).toEqual(['ada', 'bob']));
    fireEvent.click(header);
    await waitFor(() => expect(order()).toEqual(['bob', 'ada']));

    // The org chart: ada's card says it, bob's does not.
    act(() => shell.getState().setView('org'));
    const card = (name: string) =>
      screen.getAllByTestId('agent-card').find((c) => c.dataset['agent'] === name);
    await waitFor(() =>
      expect(card('ada')?.querySelector('[data-testid="quota-warning"]')?.textContent).toBe('memory 85 %'),
    );
    expect(card('bob')?.querySelector('[data-testid="quota-warning"]')).toBeNull();
    act(() => shell.getState().setView('dashboard'));
    await screen.findByTestId('health-table');

    fireEvent.click(screen.getByRole('button', { name: 'ada: open details' }));
    const panel = await screen.findByTestId('agent-quotas');
    await waitFor(() => expect(within(panel).getAllByTestId('quota')).toHaveLength(3));
    expect(
      within(panel)
        .getAllByTestId('quota')
        .map((q) => [q.dataset['quota'], q.dataset['level']]),
    ).toEqual([
      ['memory', 'warn'],
      ['inbox messages', 'ok'],
      ['inbox bytes', 'ok'],
    ]);
    expect(panel.textContent).toContain('85 B of 100 B · 85 % (near its limit)');
    expect(panel.textContent).toContain('0 of 10,000 · 0 %');
  });
});
