import { cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { StoreContext, createFleetStore } from '../../src/index';
import { AuditPanel } from '../../src/views/manage/audit-panel';
import { idOf, realFleet } from '../real-fleet';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

const sequences = () =>
  screen.queryAllByTestId('audit-row').map((row) => Number(row.firstChild!.textContent));

/** The panel on a window opened on the fleet. */
function renderPanel(fleet: Awaited<ReturnType<typeof realFleet>>) {
  render(
    <StoreContext.Provider
      value={createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)))}
    >
      <AuditPanel />
    </StoreContext.Provider>,
  );
}

describe('<AuditPanel> against a real core', () => {
  it('names who did it: an agent by its name (its id on hover), the human as "you"', async () => {
    const fleet = await realFleet({ agents: [{ name: 'ada', kind: 'shell' }] });
    const ada = idOf(fleet.state, 'ada');
    fleet.orchestrator.audit.append({
      actor: { kind: 'agent', id: ada },
      action: 'message.send',
      outcome: 'ok',
    });
    renderPanel(fleet);
    const row = await waitFor(() => {
      const found = screen.getAllByTestId('audit-row').find((r) => r.textContent?.includes('message.send'));
      expect(found?.children[2]?.textContent).toBe('ada');
      return found!;
    });
    expect(row.children[2]!.querySelector('[title]')!.getAttribute('title')).toBe(ada);
    const spawn = screen.getAllByTestId('audit-row').find((r) => r.textContent?.includes('agent.spawn'));
    expect(spawn?.children[2]?.textContent).toBe('you');
  });

  // Found by use (session 25): an entry of a closed agent read as the live agent of the same name (or as its id).
  it('marks an entry of an agent closed since "(closed)", by the name its approval kept, its id on hover', async () => {
    const fleet = await realFleet({ agents: [{ name: 'ada', kind: 'shell', role: 'builder' }] });
    const ada = idOf(fleet.state, 'ada');
    const { approval } = (await fleet.orchestrator.invoke({ kind: 'agent', id: ada }, 'approval.request', {
      kind: 'permission',
      summary: 'may I',
    })) as { approval: { id: string } };
    await fleet.orchestrator.invoke(humanCaller, 'approval.decide', {
      decisions: [{ id: approval.id, verdict: 'deny' }],
    });
    await fleet.orchestrator.invoke(humanCaller, 'agent.close', { agent: 'ada' });
    await fleet.orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'ada', kind: 'shell' });
    renderPanel(fleet);
    const who = await waitFor(() => {
      const found = screen
        .getAllByTestId('audit-row')
        .find((r) => r.textContent?.includes('approval.request'));
      expect(found?.children[2]?.textContent).toBe('ada (closed)');
      return found!.children[2]!;
    });
    expect(who.querySelector('[title]')!.getAttribute('title')).toContain(ada);
  });

  it('shows the newest entries first, a page at a time from the host, "Load older" down to the first entry', async () => {
    const fleet = await realFleet({ teams: [{ name: 'web' }] });
    for (let i = 0; i < 450; i++)
      fleet.orchestrator.audit.append({
        actor: { kind: 'system', id: 'switchboard' },
        action: i % 2 ? 'test.odd' : 'test.even',
        outcome: 'automatic',
      });
    const newest = fleet.orchestrator.audit.list({ newestFirst: true, limit: 1 })[0]!.sequence;
    const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
    render(
      <StoreContext.Provider value={store}>
        <AuditPanel />
      </StoreContext.Provider>,
    );
    // One page (200), newest first: the host was not asked for everything.
    await waitFor(() => expect(sequences()).toHaveLength(200));
    expect(sequences()[0]).toBe(newest);
    expect(sequences()).toEqual([...sequences()].sort((a, b) => b - a));
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(sequences()).toHaveLength(400));
    expect(sequences()[200]).toBe(newest - 200);
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(sequences().at(-1)).toBe(1));
    expect(sequences()).toHaveLength(newest);
    expect(new Set(sequences()).size).toBe(newest);
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull();
    expect(screen.queryByTestId('audit-pruned-note')).toBeNull();

    // Filtered by action, still newest first.
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'test.odd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(sequences()).toHaveLength(200));
    expect(sequences()[0]).toBe(newest);
    expect(sequences()).toEqual([...sequences()].sort((a, b) => b - a));
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    await waitFor(() => expect(sequences()).toHaveLength(225));
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull();
  });

  it('after retention pruned the oldest entries: pages end at the first kept one and the verdict says from where', async () => {
    const fleet = await realFleet({ teams: [{ name: 'web' }] });
    const append = (count: number) => {
      for (let i = 0; i < count; i++)
        fleet.orchestrator.audit.append({
          actor: { kind: 'system', id: 'switchboard' },
          action: 'test.did',
          outcome: 'automatic',
        });
    };
    // Pruned by age (the audit keeps at least its last day): 50 entries two days old go, the 250 since stay.
    // By count it would take over 1,000 kept entries (its floor), five pages in the DOM: 5-15 s of rendering.
    append(50);
    fleet.clock.advance(2 * 24 * 3600_000);
    append(250);
    const client = createClient(createLinkedTransport(fleet.orchestrator, humanCaller));
    await client.call('retention.configure', { limits: { audit: { maxAgeDays: 1, maxRows: null } } });
    expect((await client.call('retention.sweep', {})).dropped.audit).toBeGreaterThan(50);
    const first = (await client.call('audit.list', { limit: 1 })).entries[0]!.sequence;
    const newest = (await client.call('audit.list', { newestFirst: true, limit: 1 })).entries[0]!.sequence;
    expect(newest - first + 1).toBeGreaterThan(200); // more than a page
    render(
      <StoreContext.Provider value={createFleetStore(client)}>
        <AuditPanel />
      </StoreContext.Provider>,
    );
    await waitFor(() => expect(sequences()).toHaveLength(200));
    for (let pages = 2; pages <= 3 && sequences().at(-1) !== first; pages++) {
      fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
      await waitFor(() => expect(sequences().length).toBe(Math.min(pages * 200, newest - first + 1)));
    }
    expect(sequences().at(-1)).toBe(first);
    expect(sequences()).toHaveLength(newest - first + 1);
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull();
    expect(screen.getByTestId('audit-pruned-note').textContent).toContain(
      `Entries before #${first} were pruned by retention`,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Verify the chain' }));
    const verdict = await screen.findByTestId('audit-verification');
    expect(verdict.textContent).toContain(`Intact: ${newest - first + 1} entries checked`);
    expect(verdict.textContent).toContain(
      `Checked from entry ${first}: the entries before it were pruned by retention on`,
    );
  });
});
