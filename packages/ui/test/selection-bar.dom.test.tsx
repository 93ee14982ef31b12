import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { ShellContext, StoreContext, createFleetStore, createShellStore } from '../src/index';
import { SelectionBar } from '../src/views/org-chart/selection-bar';
import { createUndoableActions } from '../src/shell/undoable-actions';
import { UndoableContext } from '../src/views/store-context';
import { idOf, realFleet } from './real-fleet';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

async function renderBar(names: string[]) {
  const fleet = await realFleet({
    teams: [{ name: 'web' }, { name: 'api' }],
    agents: [
      { name: 'a1', team: 'web' },
      { name: 'a2', team: 'web' },
    ],
  });
  const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  let done = 0;
  const undoable = createUndoableActions();
  render(
    <StoreContext.Provider value={store}>
      <ShellContext.Provider value={createShellStore()}>
        <UndoableContext.Provider value={undoable}>
          <SelectionBar agentIds={names.map((n) => idOf(fleet.state, n))} onDone={() => done++} />
        </UndoableContext.Provider>
      </ShellContext.Provider>
    </StoreContext.Provider>,
  );
  const agents = async () =>
    Object.fromEntries(
      (
        (await fleet.orchestrator.invoke(humanCaller, 'agent.list', {})) as {
          agents: { name: string; teamId: string | null }[];
        }
      ).agents.map((a) => [a.name, a.teamId]),
    );
  return { fleet, agents, undoable, done: () => done };
}

describe('<SelectionBar> (safe by default) against a real core', () => {
  it('closes only after a confirmation; Cancel closes nothing', async () => {
    const { agents, done } = await renderBar(['a1']);
    fireEvent.click(screen.getByRole('button', { name: 'Close agent…' }));
    expect(screen.getByRole('group', { name: 'Confirm closing' }).textContent).toContain(
      'Close a1? Its pane ends.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(Object.keys(await agents()).sort()).toEqual(['a1', 'a2']);
    fireEvent.click(screen.getByRole('button', { name: 'Close agent…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, close' }));
    await waitFor(() => expect(done()).toBe(1));
    expect(Object.keys(await agents())).toEqual(['a2']);
  });

  it('moves to "no team", and the move target resets after use', async () => {
    const { agents, fleet, done } = await renderBar(['a1']);
    const select = screen.getByRole('combobox', {
      name: 'Move selected agents to team',
    }) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: idOf(fleet.state, 'api') } });
    fireEvent.click(screen.getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(done()).toBe(1));
    expect((await agents())['a1']).toBe(idOf(fleet.state, 'api'));
    expect(select.value).toBe('');
    expect((screen.getByRole('button', { name: 'Move' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(select, { target: { value: '__no-team__' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(done()).toBe(2));
    expect((await agents())['a1']).toBeNull();
  });

  it('offers to undo a move: undo puts the agents back in their team at their place', async () => {
    const { agents, fleet, undoable, done } = await renderBar(['a1']);
    const order = async () =>
      (
        (await fleet.orchestrator.invoke(humanCaller, 'agent.list', { team: 'web' })) as {
          agents: { name: string; position: number }[];
        }
      ).agents
        .sort((a, b) => a.position - b.position)
        .map((a) => a.name);
    expect(await order()).toEqual(['a1', 'a2']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Move selected agents to team' }), {
      target: { value: idOf(fleet.state, 'api') },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(done()).toBe(1));
    expect((await agents())['a1']).toBe(idOf(fleet.state, 'api'));
    expect(undoable.getState().entries.map((e) => e.label)).toEqual(['Moved a1 to api']);
    expect(await undoable.getState().undo()).toEqual({ ok: true });
    expect(await order()).toEqual(['a1', 'a2']);
    expect(undoable.getState().entries).toEqual([]);
    expect(await undoable.getState().undo()).toBe(false);
  });
});
