import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller, type Caller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

// Review of session 25's "(closed)" names: messages carry only their sender's id, and only approvals kept a
// closed agent's name, so a message from an agent closed while the page watched read as "agent-57f3ac2f-…".
describe('a record of an agent closed while the page watches', () => {
  it('names the sender of an inbox message "ada (closed)", apart from the new ada', async () => {
    const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
    const spawn = async () =>
      (
        (await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'ada', kind: 'shell' })) as {
          id: string;
        }
      ).id;
    const old = await spawn();
    const ada: Caller = { kind: 'agent', id: old };
    await orchestrator.invoke(ada, 'message.send', {
      to: { human: true },
      body: 'from the old ada',
      kind: 'request',
    });
    const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
    render(
      <StoreContext.Provider value={store}>
        <App shell={createShellStore()} />
      </StoreContext.Provider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: /^Inbox/ }));
    const message = () =>
      within(screen.getByRole('list', { name: 'Unread messages' })).getByTestId('inbox-message');
    await waitFor(() => expect(message().querySelector('.inbox-from')!.textContent).toBe('ada'));

    await orchestrator.invoke(humanCaller, 'agent.close', { agent: 'ada' });
    const renewed = await spawn();
    await orchestrator.invoke({ kind: 'agent', id: renewed }, 'message.send', {
      to: { human: true },
      body: 'from the new ada',
      kind: 'request',
    });
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Unread messages' }))
          .getAllByTestId('inbox-message')
          .map(
            (li) => `${li.querySelector('.inbox-from')!.textContent}: ${li.querySelector('p')!.textContent}`,
          ),
      ).toEqual(['ada: from the new ada', 'ada (closed): from the old ada']),
    );
    const from = screen.getByText('ada (closed)');
    expect(from.getAttribute('title')).toContain(old);
  });
});
