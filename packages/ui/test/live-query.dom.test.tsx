import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import {
  createClient,
  humanCaller,
  SwitchboardError,
  type ConnectionStatus,
  type Transport,
} from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { StoreContext, createFleetStore } from '../src/index';
import { TemplatesPanel } from '../src/views/spawn/templates-panel';

afterEach(cleanup);

/** A link to a real core that is down until `open()` (as the WebSocket transport is before it connects, or after it drops). */
function linkThatOpensLater(inner: Transport) {
  let status: ConnectionStatus = 'connecting';
  const listeners = new Set<(status: ConnectionStatus) => void>();
  const transport: Transport = {
    invoke: (name, input) =>
      status === 'open'
        ? inner.invoke(name, input)
        : Promise.reject(new SwitchboardError('unavailable', 'Not connected to Switchboard')),
    subscribe: (listener) => inner.subscribe(listener),
    onStatus(listener) {
      listeners.add(listener);
      listener(status);
      return () => listeners.delete(listener);
    },
  };
  const open = () => {
    status = 'open';
    for (const listener of listeners) listener(status);
  };
  return { transport, open };
}

// Seen: the Manage view's Templates panel said "Not connected" while the header said Connected.
describe('panels that show a command answer, against a link that opens after they asked', () => {
  it('the Templates panel asks again when the connection opens: the list, not "Not connected"', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    await orchestrator.invoke(humanCaller, 'template.save', {
      template: { name: 'reviewer', kind: 'shell', role: 'builder' },
    });
    const link = linkThatOpensLater(createLinkedTransport(orchestrator, humanCaller));
    const store = createFleetStore(createClient(link.transport));
    render(
      <StoreContext.Provider value={store}>
        <TemplatesPanel />
      </StoreContext.Provider>,
    );
    await screen.findByText(/Not connected/);
    await act(async () => link.open());
    await screen.findByRole('listitem', { name: 'Template reviewer' });
    await waitFor(() => expect(screen.queryByText(/Not connected/)).toBeNull());
    await orchestrator.close();
  });
});
