import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, humanCaller, type Caller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';
import { idOf, realFleet } from './real-fleet';

afterEach(cleanup);
// Layout (elkjs) and React Flow take a while on a loaded 2-core machine; this is patience, not a timing claim.
configure({ asyncUtilTimeout: 10_000 });

async function renderQueue() {
  const fleet = await realFleet({ teams: [{ name: 'web' }], agents: [{ name: 'asker', team: 'web', role: 'builder' }] });
  const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
  const shell = createShellStore();
  shell.getState().setView('approvals');
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
  const asker: Caller = { kind: 'agent', id: idOf(fleet.state, 'asker') };
  const request = (summary: string) =>
    act(async () => {
      await fleet.orchestrator.invoke(asker, 'approval.request', { kind: 'permission', summary, payload: { command: `run ${summary}` } });
      fleet.clock.advance(1000);
    });
  return { fleet, request };
}

const summaries = () => screen.queryAllByTestId('approval-item').map((item) => within(item).getByRole('checkbox').getAttribute('aria-label'));

describe('<ApprovalQueueView> against a real core', () => {
  it('shows items as they are requested, newest first, with the command to decide on', async () => {
    const { request } = await renderQueue();
    await screen.findByTestId('queue-empty');
    await request('one');
    await request('two');
    await waitFor(() => expect(summaries()).toEqual(['Select: two', 'Select: one']));
    expect(screen.getAllByText('run two')[0]!.tagName).toBe('CODE');
    expect(screen.getByRole('button', { name: /Approvals/ }).textContent).toContain('2');
  });

  it('is keyboard-first: j moves, c comments, a approves, d denies; the history says who decided what', async () => {
    const { request, fleet } = await renderQueue();
    await request('one');
    await request('two');
    await waitFor(() => expect(summaries()).toHaveLength(2));
    const list = screen.getByRole('list', { name: 'Pending items' });
    list.focus();
    fireEvent.keyDown(list, { key: 'j' }); // from "two" (newest) to "one"
    expect(screen.getAllByTestId('approval-item')[1]!.getAttribute('aria-current')).toBe('true');
    fireEvent.keyDown(list, { key: 'c' });
    fireEvent.change(document.activeElement!, { target: { value: 'fine by me' } });
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    fireEvent.keyDown(list, { key: 'a' });
    await waitFor(() => expect(summaries()).toEqual(['Select: two']));
    fleet.clock.advance(1000); // the two decisions get distinct times, so the history's order is defined
    fireEvent.keyDown(list, { key: 'd' });
    await screen.findByTestId('queue-empty');

    const rows = screen.getAllByTestId('history-row').map((row) => [...row.querySelectorAll('td')].slice(1).map((td) => td.textContent));
    expect(rows).toEqual([
      ['permission two', 'asker', 'denied', 'you', ''],
      ['permission one', 'asker', 'approved', 'you', 'fine by me'],
    ]);
    const history = (await fleet.orchestrator.invoke(humanCaller, 'approval.history', {})) as { approvals: { summary: string; status: string }[] };
    expect(history.approvals.map((a) => [a.summary, a.status]).sort()).toEqual([['one', 'approved'], ['two', 'denied']]);
  });

  it('decides a batch selected with x together', async () => {
    const { request } = await renderQueue();
    await request('one');
    await request('two');
    await request('three');
    await waitFor(() => expect(summaries()).toHaveLength(3));
    const list = screen.getByRole('list', { name: 'Pending items' });
    fireEvent.keyDown(list, { key: 'x' });
    fireEvent.keyDown(list, { key: 'j' });
    fireEvent.keyDown(list, { key: 'x' });
    expect(screen.getByText('2 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Approve selected' }));
    await waitFor(() => expect(summaries()).toEqual(['Select: one']));
    expect(screen.getAllByTestId('history-row')).toHaveLength(2);
  });
});
