import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

// Found by use (session 25): an item about a closed `c1` read like one about the new `c1` spawned since.
describe('an attention row about an agent closed since', () => {
  it('names the agent "c1 (closed)" with its id on hover; a row about the live c1 carries no such name', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const { agent: old } = await orchestrator.fleet.spawn({ name: 'c1', kind: 'shell', role: 'builder' });
    const raise = (agentId: string, title: string) =>
      orchestrator.attention.notify({
        kind: 'error',
        severity: 'warning',
        agentId,
        title,
        body: '',
        approvalId: null,
        about: title,
      });
    raise(old.id, 'old c1 failed');
    await orchestrator.invoke(humanCaller, 'agent.close', { agent: 'c1' });
    const { agent: renewed } = await orchestrator.fleet.spawn({ name: 'c1', kind: 'shell', role: 'builder' });
    raise(renewed.id, 'new c1 failed');
    const shell = createShellStore();
    shell.getState().setView('attention');
    // happy-dom lays nothing out: the list's virtualizer is given a viewport (clientHeight) to show rows in.
    const viewport = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')!;
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
    try {
      render(
        <StoreContext.Provider
          value={createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)))}
        >
          <App shell={shell} />
        </StoreContext.Provider>,
      );
      const row = (title: string) =>
        screen.getAllByTestId('attention-row').find((r) => r.textContent?.includes(title))!;
      // The old item was resolved when its agent closed: it is in the history.
      fireEvent.change(await screen.findByLabelText('Show'), { target: { value: 'all' } });
      await screen.findByText('c1 (closed)');
      await waitFor(() => expect(row('new c1 failed')).toBeDefined());
      const name = within(row('old c1 failed')).getByText('c1 (closed)');
      expect(name.getAttribute('title')).toContain(old.id);
      expect(within(row('new c1 failed')).queryByText(/c1 \(closed\)/)).toBeNull();
    } finally {
      Object.defineProperty(HTMLElement.prototype, 'clientHeight', viewport);
      await orchestrator.close();
    }
  });
});
