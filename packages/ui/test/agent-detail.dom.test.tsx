import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

async function renderDetail() {
  const backend = createMemoryBackend();
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
  const ada = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
    name: 'ada',
    kind: 'shell',
    role: 'builder',
  })) as { id: string; paneId: string };
  await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'bob', kind: 'shell', role: 'builder' });
  const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
  const shell = createShellStore();
  shell.getState().openAgent(ada.id);
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
  return { orchestrator, backend, ada, shell };
}

describe('<AgentDetailView> against a real core', () => {
  it('mirrors the pane while shown and gives the subscription back when left', async () => {
    const { orchestrator, ada, shell } = await renderDetail();
    await screen.findByRole('heading', { name: 'ada', level: 2 });
    const viewers = async () => {
      const answer = (await orchestrator.invoke(humanCaller, 'pane.mirror', { target: ada.paneId })) as {
        viewers: number;
      };
      await orchestrator.invoke(humanCaller, 'pane.unmirror', { paneId: ada.paneId });
      return answer.viewers;
    };
    await waitFor(async () => expect(await viewers()).toBe(2));
    act(() => shell.getState().setView('org'));
    await waitFor(async () => expect(await viewers()).toBe(1));
  });

  it('sends a message as the human and lists it in the inbox; shows locks held and the recovery log live', async () => {
    const { orchestrator, ada } = await renderDetail();
    await screen.findByRole('heading', { name: 'ada', level: 2 });
    await act(async () => {
      await orchestrator.invoke({ kind: 'agent', id: ada.id }, 'lock.acquire', {
        resource: { kind: 'branch', name: 'feature/x' },
      });
    });
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: /Locks held/ })).getByText('feature/x')).toBeTruthy(),
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Message to ada' }), {
      target: { value: 'Ship it' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: /Inbox/ })).getByText('Ship it')).toBeTruthy(),
    );
    expect(within(screen.getByRole('region', { name: /Inbox/ })).getByText('from you')).toBeTruthy();

    // The recovery log: real status, and a row written live when the human pauses recovery for the agent.
    await waitFor(() => expect(screen.getByTestId('recovery-log').textContent).toMatch(/breaker closed/));
    expect(screen.getByTestId('recovery-log').textContent).toMatch(/No recovery steps/);
    await act(async () => {
      await orchestrator.invoke(humanCaller, 'health.pause', { agent: ada.id, reason: 'deploying' });
    });
    await waitFor(() => expect(screen.getByTestId('recovery-log').textContent).toMatch(/paused.*deploying/));
    expect(screen.getByTestId('recovery-log').textContent).toMatch(/recovery paused for this agent/);
  });
});
