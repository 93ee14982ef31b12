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
import { AdoptPanel } from '../src/views/spawn/adopt-panel';

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

/** A link to a real core whose answers to `command` are held while `holding` (each computed when asked, as a host does). */
function linkHoldingAnswers(inner: Transport, command: string) {
  const link = {
    holding: false,
    /** Answers held back: release each, then await what it delivered. */
    held: [] as { release: () => void; delivered: Promise<unknown> }[],
    /** Answers to `command` given straight away. */
    answered: 0,
    transport: undefined as unknown as Transport,
  };
  link.transport = {
    invoke: (name, input) => {
      const answer = inner.invoke(name, input);
      if (name !== command) return answer;
      if (!link.holding) return answer.finally(() => link.answered++);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const delivered = released.then(() => answer);
      link.held.push({ release, delivered });
      return delivered;
    },
    subscribe: (listener) => inner.subscribe(listener),
  };
  return link;
}

// Seen (clean clone, e2e ui-spawn): a pane closed outside Switchboard stayed in the adopt list. The host answers calls
// concurrently and may answer a later read first (one waiting longer on its fsync or its panes' variables); the
// earlier read's answer, from before the close, then replaced the newer one on screen and no event came to fix it.
describe('a panel showing a command answer, when answers come back in another order than asked', () => {
  it('the adopt list keeps the newest read: an older answer arriving last does not bring a closed pane back', async () => {
    const backend = createMemoryBackend();
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
    const link = linkHoldingAnswers(createLinkedTransport(orchestrator, humanCaller), 'pane.listUnmanaged');
    render(
      <StoreContext.Provider value={createFleetStore(createClient(link.transport))}>
        <AdoptPanel />
      </StoreContext.Provider>,
    );
    await backend.createPane({ command: 'stray' });
    // Waits on facts (a row, a held or answered read), with room for a loaded machine: a re-list and a debounced read each.
    const patience = { timeout: 10_000 };
    await screen.findByRole('listitem', { name: 'Pane stray' }, patience);
    // A second pane comes: the read it causes (both panes) is answered only after the read the close causes.
    link.holding = true;
    const passing = await backend.createPane({ command: 'passing' });
    await waitFor(() => expect(link.held).toHaveLength(1), patience);
    link.holding = false;
    const answeredBeforeClose = link.answered;
    await backend.closePane(passing.id);
    await waitFor(() => expect(link.answered).toBeGreaterThan(answeredBeforeClose), patience);
    await act(async () => {
      for (const { release, delivered } of link.held.splice(0)) {
        release();
        await delivered;
      }
    });
    expect(screen.getAllByRole('listitem').map((item) => item.getAttribute('aria-label'))).toEqual([
      'Pane stray',
    ]);
    await orchestrator.close();
  });

  it('the adopt list says it is listing until the first answer, not that every pane is an agent already', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const link = linkHoldingAnswers(createLinkedTransport(orchestrator, humanCaller), 'pane.listUnmanaged');
    link.holding = true;
    render(
      <StoreContext.Provider value={createFleetStore(createClient(link.transport))}>
        <AdoptPanel />
      </StoreContext.Provider>,
    );
    await waitFor(() => expect(link.held.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(screen.getByRole('region', { name: 'Adopt panes' }).textContent).toContain('Listing the terminal');
    expect(screen.queryByText('Every open pane is an agent already.')).toBeNull();
    await act(async () => {
      for (const { release, delivered } of link.held.splice(0)) {
        release();
        await delivered;
      }
    });
    expect(screen.getByText('Every open pane is an agent already.')).toBeTruthy();
    await orchestrator.close();
  });
});
