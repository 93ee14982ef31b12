import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type BackendEvent } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

const viewport = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')!;
afterEach(() => {
  cleanup();
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', viewport);
});
configure({ asyncUtilTimeout: 10_000 });

// Session 25: a decision Switchboard could not carry out ("nothing was pressed — answer in the pane", a dialog it
// could not read) is answered in the pane. Its attention row offered only "Answer" (the decided item): it now goes
// to the pane too.
describe('an attention row for a decision not carried out', () => {
  it('offers "Go to pane", which focuses the agent\'s pane through the host', async () => {
    const backend = createMemoryBackend();
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
    const focused: string[] = [];
    backend.onEvent((e: BackendEvent) => e.type === 'pane.focused' && focused.push(e.paneId));
    const { agent } = await orchestrator.fleet.spawn({ name: 'c1', kind: 'shell', role: 'builder' });
    const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
    const shell = createShellStore();
    shell.getState().setView('attention');
    // happy-dom lays nothing out: the list's virtualizer is given a viewport (clientHeight) before it first measures
    // (it read 0 and showed no row when the stub came after the render and the item: the clean clone of fae18b7).
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
    render(
      <StoreContext.Provider value={store}>
        <App shell={shell} />
      </StoreContext.Provider>,
    );
    await act(async () => {
      orchestrator.attention.notify({
        kind: 'error',
        severity: 'critical',
        agentId: agent.id,
        title: 'c1: nothing was pressed — answer in the pane',
        body: 'could not read the choices on screen',
        approvalId: 'approval-1',
        about: 'prompt-answer',
      });
    });
    const row = await screen.findByTestId('attention-row');
    fireEvent.click(within(row).getByRole('button', { name: 'Go to pane' }));
    await waitFor(() => expect(focused).toEqual([agent.paneId]));
    await orchestrator.close();
  });
});
