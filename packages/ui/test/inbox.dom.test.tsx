import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller, type Caller, type Message } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

/** A real core with agent ada, who has sent the human `bodies` (oldest first); the UI on the org chart. */
async function renderWithMail(bodies: string[]) {
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  const { id } = (await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'ada', kind: 'shell' })) as {
    id: string;
  };
  const ada: Caller = { kind: 'agent', id };
  for (const body of bodies)
    await orchestrator.invoke(ada, 'message.send', { to: { human: true }, body, kind: 'request' });
  const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
  const shell = createShellStore();
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
  return { orchestrator, ada, shell };
}

const unread = () => screen.getByTestId('inbox-unread').textContent;
const unreadList = () => screen.getByRole('list', { name: 'Unread messages' });
const inboxTab = () =>
  within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', { name: /^Inbox/ });

describe('<InboxView> against a real core', () => {
  it('counts unread messages, marks one and then all read (the count falls), and they leave the unread list', async () => {
    const { orchestrator } = await renderWithMail(['first?', 'second?', 'third?']);
    await waitFor(() => expect(inboxTab().textContent).toBe('Inbox3'));
    // `i` outside a text field opens the inbox.
    fireEvent.keyDown(document.body, { key: 'i' });
    await waitFor(() => expect(unread()).toBe('3 unread'));
    await waitFor(() =>
      expect(
        within(unreadList())
          .getAllByTestId('inbox-message')
          .map((li) => li.querySelector('p')?.textContent),
      ).toEqual(['third?', 'second?', 'first?']),
    );

    // The second listed (newest first): 'second?'.
    fireEvent.click(within(unreadList()).getAllByRole('button', { name: /^Mark read/ })[1]!);
    await waitFor(() => expect(unread()).toBe('2 unread'));
    await waitFor(() => expect(within(unreadList()).queryByText('second?')).toBeNull());
    expect(inboxTab().textContent).toBe('Inbox2');
    const human = (await orchestrator.invoke(humanCaller, 'message.status', {})) as {
      inboxes: { recipientId: string; depth: number }[];
    };
    expect(human.inboxes.find((i) => i.recipientId === 'human')?.depth).toBe(2);

    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(unread()).toBe('Nothing unread'));
    await waitFor(() => expect(screen.getByTestId('inbox-empty')).toBeTruthy());
    // One call for all of them (message.ack `all`, up to the newest listed), after the one by id.
    const acks = orchestrator.audit.list({ action: 'message.ack' }).map((e) => e.details);
    expect(acks).toHaveLength(2);
    expect(acks[1]).toMatchObject({ input: { all: true, upTo: expect.any(Number) } });
    expect(inboxTab().textContent).toBe('Inbox');
    // Read ones stay reachable.
    fireEvent.click(screen.getByRole('checkbox', { name: /Show read/ }));
    const read = screen.getByRole('list', { name: 'Read messages' });
    expect(
      within(read)
        .getAllByTestId('inbox-message')
        .map((li) => li.dataset.state),
    ).toEqual(['acked', 'acked', 'acked']);
  });

  it('replies to the sender (a reply to that message) and marks the message read', async () => {
    const { orchestrator, ada } = await renderWithMail(['which branch?']);
    fireEvent.click(await screen.findByRole('button', { name: /^Inbox/ }));
    await waitFor(() => expect(unread()).toBe('1 unread'));
    fireEvent.click(screen.getByRole('button', { name: 'Reply to ada' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Reply to ada' }), { target: { value: 'main' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(unread()).toBe('Nothing unread'));
    const { messages } = (await orchestrator.invoke(ada, 'message.receive', {})) as { messages: Message[] };
    expect(messages.map((m) => [m.body, m.kind, m.senderId])).toEqual([['main', 'reply', 'human']]);
    const { messages: asked } = (await orchestrator.invoke(humanCaller, 'message.history', {
      agent: 'human',
      kinds: ['request'],
    })) as { messages: Message[] };
    expect(messages[0]!.replyTo).toBe(asked[0]!.id);
    expect(asked[0]!.state).toBe('acked');
  });

  // Session 26's review (the keyboard paths of docs/ui.md): Escape closed the reply and left the focus on the page's
  // body, so the next Tab started from the top of the page.
  it('gives the focus back to the Reply button when a reply is closed with Escape or Cancel', async () => {
    await renderWithMail(['which branch?']);
    fireEvent.keyDown(document.body, { key: 'i' });
    await waitFor(() => expect(unread()).toBe('1 unread'));
    const reply = screen.getByRole('button', { name: 'Reply to ada' });
    fireEvent.click(reply);
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Reply to ada' }), { key: 'Escape' });
    expect(screen.queryByRole('textbox', { name: 'Reply to ada' })).toBeNull();
    expect(document.activeElement).toBe(reply);
    fireEvent.click(reply);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('textbox', { name: 'Reply to ada' })).toBeNull();
    expect(document.activeElement).toBe(reply);
  });

  it('shows a bidi override in a body written out ([U+202E]), not applied; the stored body stays as sent', async () => {
    const body = 'Run rm -rf \u202E/ txt.esrever';
    const { orchestrator } = await renderWithMail([body]);
    fireEvent.keyDown(document.body, { key: 'i' });
    await waitFor(() =>
      expect(
        within(unreadList())
          .getAllByTestId('inbox-message')
          .map((li) => li.querySelector('p')?.textContent),
      ).toEqual(['Run rm -rf [U+202E]/ txt.esrever']),
    );
    const { messages } = (await orchestrator.invoke(humanCaller, 'message.history', { agent: 'human' })) as {
      messages: Message[];
    };
    expect(messages.map((m) => m.body)).toEqual([body]);
    await orchestrator.close();
  });

  it('says how many unread messages retention dropped, and the unread count follows the sweep', async () => {
    const { orchestrator } = await renderWithMail(['m0', 'm1', 'm2', 'm3', 'm4']);
    fireEvent.keyDown(document.body, { key: 'i' });
    await waitFor(() => expect(unread()).toBe('5 unread'));
    await orchestrator.invoke(humanCaller, 'retention.configure', { limits: { humanInbox: { maxRows: 2 } } });
    await orchestrator.invoke(humanCaller, 'retention.sweep', {});
    await waitFor(() => expect(unread()).toBe('2 unread'));
    await waitFor(() =>
      expect(screen.getByTestId('inbox-dropped').textContent).toBe(
        '3 older unread messages were dropped: the inbox keeps the newest 2 unread (Manage → Storage).',
      ),
    );
    expect(
      within(unreadList())
        .getAllByTestId('inbox-message')
        .map((li) => li.querySelector('p')?.textContent),
    ).toEqual(['m4', 'm3']);
    await orchestrator.close();
  });
});
