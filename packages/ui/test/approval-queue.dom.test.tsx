import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, humanCaller, type Approval, type Caller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';
import { idOf, realFleet } from './real-fleet';

afterEach(cleanup);
// Layout (elkjs) and React Flow take a while on a loaded 2-core machine; this is patience, not a timing claim.
configure({ asyncUtilTimeout: 10_000 });

/** The app on the approvals view, as a window opening on the fleet. */
function openQueue(fleet: Awaited<ReturnType<typeof realFleet>>) {
  const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
  const shell = createShellStore();
  shell.getState().setView('approvals');
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
}

async function renderQueue() {
  const fleet = await realFleet({
    teams: [{ name: 'web' }],
    agents: [{ name: 'asker', team: 'web', role: 'builder' }],
  });
  openQueue(fleet);
  const asker: Caller = { kind: 'agent', id: idOf(fleet.state, 'asker') };
  const request = (summary: string) =>
    act(async () => {
      await fleet.orchestrator.invoke(asker, 'approval.request', {
        kind: 'permission',
        summary,
        payload: { command: `run ${summary}` },
      });
      fleet.clock.advance(1000);
    });
  return { fleet, request };
}

const pendingItems = async (fleet: Awaited<ReturnType<typeof realFleet>>) =>
  ((await fleet.orchestrator.invoke(humanCaller, 'approval.list', {})) as { approvals: Approval[] })
    .approvals;

const summaries = () =>
  screen
    .queryAllByTestId('approval-item')
    .map((item) => within(item).getByRole('checkbox').getAttribute('aria-label'));

/** Sends what waits in the undo bar at once (the path a timer takes after 5 s). */
const sendStaged = () =>
  screen.getAllByRole('button', { name: 'Send now' }).forEach((b) => fireEvent.click(b));
const key = (k: string) => fireEvent.keyDown(document.body, { key: k });

describe('<ApprovalQueueView> against a real core', () => {
  it('shows items as they are requested, in triage order (oldest deadline first), with the command in the detail pane', async () => {
    const { request } = await renderQueue();
    await screen.findByTestId('queue-empty');
    await request('one');
    await request('two');
    await waitFor(() =>
      expect(summaries()).toEqual(['Select: asker asks: “one”', 'Select: asker asks: “two”']),
    );
    const detail = screen.getByTestId('approval-detail');
    expect(within(detail).getByText('run one').tagName).toBe('CODE');
    expect(screen.getByRole('button', { name: /Approvals/ }).textContent).toContain('2');
  });

  it('is keyboard-first without a click: j moves, c comments, a approves, d denies, each held 5 s; the history says who decided what', async () => {
    const { request, fleet } = await renderQueue();
    await request('one');
    await request('two');
    await waitFor(() => expect(summaries()).toHaveLength(2));
    key('j'); // from "one" (first deadline) to "two"
    expect(screen.getAllByTestId('approval-item')[1]!.getAttribute('aria-current')).toBe('true');
    key('c');
    const comment = await screen.findByRole('textbox', { name: 'Comment on: asker asks: “two”' });
    fireEvent.change(comment, { target: { value: 'fine by me' } });
    fireEvent.keyDown(comment, { key: 'Escape' });
    key('a');
    await waitFor(() => expect(summaries()).toEqual(['Select: asker asks: “one”']));
    expect(screen.getByTestId('undo-entry').textContent).toContain('Approved: asker asks: “two”');
    // Nothing was sent yet: the host still has both pending.
    const pendingNow = (await fleet.orchestrator.invoke(humanCaller, 'approval.list', {})) as {
      approvals: unknown[];
    };
    expect(pendingNow.approvals).toHaveLength(2);
    sendStaged();
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    fleet.clock.advance(1000); // the two decisions get distinct times, so the history's order is defined
    key('d');
    await screen.findByTestId('queue-empty');
    sendStaged();
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));

    const rows = screen
      .getAllByTestId('history-row')
      .map((row) => [...row.querySelectorAll('td')].slice(1).map((td) => td.textContent));
    expect(rows).toEqual([
      ['permission asker asks: one', 'asker', 'denied', 'you', ''],
      ['permission asker asks: two', 'asker', 'approved', 'you', 'fine by me'],
    ]);
    const history = (await fleet.orchestrator.invoke(humanCaller, 'approval.history', {})) as {
      approvals: { summary: string; status: string }[];
    };
    expect(history.approvals.map((a) => [a.summary, a.status]).sort()).toEqual([
      ['one', 'denied'],
      ['two', 'approved'],
    ]);
  });

  it('undo (u) puts the item back and nothing reaches the host', async () => {
    const { request, fleet } = await renderQueue();
    await request('one');
    await waitFor(() => expect(summaries()).toHaveLength(1));
    key('d');
    await screen.findByTestId('queue-empty');
    key('u');
    await waitFor(() => expect(summaries()).toEqual(['Select: asker asks: “one”']));
    expect(screen.queryByTestId('undo-entry')).toBeNull();
    const history = (await fleet.orchestrator.invoke(humanCaller, 'approval.history', {})) as {
      approvals: unknown[];
    };
    expect(history.approvals).toEqual([]);
  });

  it('decides a batch selected with x together', async () => {
    const { request } = await renderQueue();
    await request('one');
    await request('two');
    await request('three');
    await waitFor(() => expect(summaries()).toHaveLength(3));
    key('x');
    key('j');
    key('x');
    expect(screen.getByText('2 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Approve selected' }));
    await waitFor(() => expect(summaries()).toEqual(['Select: asker asks: “three”']));
    expect(screen.getByTestId('undo-entry').textContent).toContain('Approved 2 items');
    sendStaged();
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
  });

  // Found by use (session 25): a permission item withdrawn after a host restart stood in the history at its expiry, a
  // day ahead: a withdrawn item carries no decision and the row fell back to expiresAt. It now says when it stopped
  // waiting (closedAt).
  it('a withdrawn item shows in the history at the time it was withdrawn, not at its expiry a day ahead', async () => {
    const { request, fleet } = await renderQueue();
    await request('run the tests');
    const [item] = await pendingItems(fleet);
    await act(async () => {
      fleet.clock.advance(90_000);
      fleet.orchestrator.approvals.withdraw(item!.id, 'answered in the terminal');
    });
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    const when = screen.getByTestId('history-row').querySelector('td')!.textContent;
    expect(when).toBe(new Date(fleet.clock.now()).toLocaleString());
    expect(when).not.toBe(new Date(item!.expiresAt!).toLocaleString());
    const history = (await fleet.orchestrator.invoke(humanCaller, 'approval.history', {})) as {
      approvals: Approval[];
    };
    expect(history.approvals[0]).toMatchObject({
      status: 'withdrawn',
      closedAt: new Date(fleet.clock.now()).toISOString(),
    });
  });
});

// Found by use (session 25): the history's "Asked by" showed agent-654fb272-… for an item of an agent closed (replaced)
// since: the UI knew names only of the fleet's open agents. The history reads the name from the agent's record.
describe('an item of an agent closed since', () => {
  /** `asker` asked, was approved, then closed. */
  async function askedThenClosed() {
    const { request, fleet } = await renderQueue();
    await request('touch the file');
    const [item] = await pendingItems(fleet);
    await act(async () => {
      await fleet.orchestrator.invoke(humanCaller, 'approval.decide', {
        decisions: [{ id: item!.id, verdict: 'approve' }],
      });
      await fleet.orchestrator.invoke(humanCaller, 'agent.close', { agent: 'asker' });
    });
    return { fleet, item: item! };
  }

  it('names its asker in the history by the name it had, not its id', async () => {
    const { fleet, item } = await askedThenClosed();
    // The window opened again (a reload): only the history knows the asker now.
    cleanup();
    openQueue(fleet);
    const row = await screen.findByTestId('history-row');
    const askedBy = row.querySelectorAll('td')[2]!;
    expect(askedBy.textContent).toBe('asker (closed)');
    expect(item.requester).toMatch(/^agent-/);
    expect(askedBy.querySelector('[title]')!.getAttribute('title')).toContain(item.requester);
  });

  // Found by use (session 25): a closed `alice` and the new `alice` both read "alice" in the history.
  it('tells a closed agent from the new agent of the same name, in the history and the queue', async () => {
    const { fleet } = await askedThenClosed();
    await act(async () => {
      const renewed = (await fleet.orchestrator.invoke(humanCaller, 'agent.spawn', {
        name: 'asker',
        team: 'web',
        role: 'builder',
      })) as { id: string };
      const asker: Caller = { kind: 'agent', id: renewed.id };
      await fleet.orchestrator.invoke(asker, 'approval.request', {
        kind: 'permission',
        summary: 'new one asks',
      });
    });
    cleanup();
    openQueue(fleet);
    const row = await screen.findByTestId('history-row');
    expect(row.querySelectorAll('td')[2]!.textContent).toBe('asker (closed)');
    await waitFor(() => expect(summaries()).toHaveLength(1));
    expect(screen.getByTestId('approval-item').querySelector('.queue-requester')!.textContent).toBe('asker');
    expect(screen.getByTestId('approval-detail').textContent).toContain('asked by asker ·');
  });

  // Session 26: closing an agent left what it asked pending, a question nobody could answer to anyone. It is withdrawn,
  // and the history says by nobody, and why.
  it('an open question of an agent closed leaves the queue for the history: withdrawn, and why', async () => {
    const { request, fleet } = await renderQueue();
    await request('may I deploy?');
    await waitFor(() => expect(summaries()).toHaveLength(1));
    await act(async () => {
      await fleet.orchestrator.invoke(humanCaller, 'agent.close', { agent: 'asker' });
    });
    await screen.findByTestId('queue-empty');
    const cells = [...(await screen.findByTestId('history-row')).querySelectorAll('td')].map(
      (td) => td.textContent,
    );
    expect(cells.slice(2)).toEqual([
      'asker (closed)',
      'withdrawn',
      'nobody (withdrawn)',
      'its requester asker was closed',
    ]);
    // A window opened later reads the same from the host's history.
    cleanup();
    openQueue(fleet);
    const again = await screen.findByTestId('history-row');
    expect(again.querySelectorAll('td')[5]!.textContent).toBe('its requester asker was closed');
  });
});
