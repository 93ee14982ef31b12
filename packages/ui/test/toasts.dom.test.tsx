import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type BackendEvent } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

async function renderApp() {
  const backend = createMemoryBackend();
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
  const focused: string[] = [];
  backend.onEvent((e: BackendEvent) => e.type === 'pane.focused' && focused.push(e.paneId));
  const { agent } = await orchestrator.fleet.spawn({ name: 'w1', kind: 'shell', role: 'builder' });
  const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
  const shell = createShellStore();
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
  await screen.findAllByTestId('agent-card');
  const raise = () =>
    act(async () => {
      orchestrator.attention.notify({
        kind: 'waiting_for_input',
        severity: 'warning',
        agentId: agent.id,
        title: 'w1 is waiting for input',
        body: 'shell · builder',
        approvalId: null,
      });
    });
  return { orchestrator, store, shell, agent, focused, raise };
}

describe('toasts and do-not-disturb against a real core', () => {
  it('"Go to pane" focuses the exact pane through the host and selects the agent', async () => {
    const { shell, agent, focused, raise, orchestrator } = await renderApp();
    await raise();
    const toast = await screen.findByTestId('toast');
    expect(toast.textContent).toContain('w1 is waiting for input');
    fireEvent.click(screen.getByRole('button', { name: 'Go to pane' }));
    await waitFor(() => expect(focused).toEqual([agent.paneId]));
    await waitFor(() => expect(shell.getState().focus?.agentId).toBe(agent.id));
    expect(screen.queryByTestId('toast')).toBeNull();
    expect(orchestrator.attention.list({ includeClosed: true, limit: 5 }).items[0]!.status).toBe('resolved');
  });

  it('the header toggle turns do-not-disturb on in the host; raised notifications then show no toast', async () => {
    const { raise, orchestrator } = await renderApp();
    const toggle = await screen.findByRole('button', { name: 'Do not disturb', pressed: false });
    await waitFor(() => expect((toggle as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(toggle);
    await screen.findByRole('button', { name: 'Do not disturb', pressed: true });
    expect(orchestrator.attention.settings().doNotDisturb).toBe(true);
    await raise();
    expect(orchestrator.attention.list({ includeClosed: false, limit: 5 }).items).toHaveLength(1);
    expect(screen.queryByTestId('toast')).toBeNull();
  });

  it('Dismiss closes the notification in the host too', async () => {
    const { raise, orchestrator } = await renderApp();
    await raise();
    await screen.findByTestId('toast');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() =>
      expect(orchestrator.attention.list({ includeClosed: false, limit: 5 }).items).toEqual([]),
    );
    expect(screen.queryByTestId('toast')).toBeNull();
  });

  it('shows an item built from what an agent wrote with its bidi overrides written out: toast, Next button, attention row', async () => {
    const { orchestrator, agent, shell } = await renderApp();
    const reversed = 'Delete \u202Emth.xedni/';
    await act(async () => {
      orchestrator.attention.notify({
        kind: 'waiting_for_input',
        severity: 'warning',
        agentId: agent.id,
        title: 'w1 asks \u2066you\u2069',
        body: reversed,
        approvalId: null,
      });
    });
    const toast = await screen.findByTestId('toast');
    expect(toast.textContent).toContain('Delete [U+202E]mth.xedni/');
    expect(toast.textContent).toContain('w1 asks [U+2066]you[U+2069]');
    await waitFor(() => expect(screen.getByTestId('next-attention').title).toContain('[U+202E]mth.xedni/'));
    // happy-dom lays nothing out: the list's virtualizer is given a viewport (clientHeight) to show rows in.
    const viewport = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')!;
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
    try {
      act(() => shell.getState().setView('attention'));
      const row = await screen.findByTestId('attention-row');
      expect(row.textContent).toContain('Delete [U+202E]mth.xedni/');
    } finally {
      Object.defineProperty(HTMLElement.prototype, 'clientHeight', viewport);
    }
    expect(document.body.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    // Display only: the item keeps what was written.
    expect(orchestrator.attention.list({ includeClosed: false, limit: 5 }).items[0]!.body).toBe(reversed);
  });

  it('a turn cut off by a restart: the toast offers Continue its turn (the human’s agent.continueTurn); the lane and the card say so', async () => {
    const { orchestrator, agent } = await renderApp();
    await act(async () => {
      orchestrator.attention.notify({
        kind: 'turn_interrupted',
        severity: 'warning',
        agentId: agent.id,
        title: 'w1 resumed after a restart: its last turn was interrupted',
        body: 'shell · builder',
        approvalId: null,
      });
    });
    // Its state is not one that needs the person (resumed, it reads idle), yet it does: in the lane and on its card.
    const lane = await screen.findByTestId('lane-item');
    expect(lane.textContent).toContain('turn cut off');
    const card = screen.getAllByTestId('agent-card').find((c) => c.dataset.agent === 'w1')!;
    expect(card.getAttribute('aria-label')).toBe(`Agent w1, ${agent.state}, turn cut off`);
    expect(card.classList.contains('needs-you')).toBe(true);
    const toast = await screen.findByTestId('toast');
    const buttons = [...toast.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Go to pane', 'Continue its turn', 'Dismiss']);
    fireEvent.click(within(toast).getByRole('button', { name: 'Continue its turn' }));
    // The click calls agent.continueTurn: this agent has no stored cut-off turn, so the core refuses, and says why.
    expect((await within(toast).findByTestId('continue-refused')).textContent).toBe(
      'Not continued: w1 has no interrupted turn waiting',
    );
  });
});
