import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import { createClient, humanCaller, type RetentionStatus } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { StoreContext, createFleetStore } from '../../src/index';
import { StoragePanel, limitText } from '../../src/views/manage/storage-panel';
import { realFleet } from '../real-fleet';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

const cell = (kind: string, column: number) =>
  within(screen.getAllByTestId('storage-row').find((r) => r.dataset['kind'] === kind)!).getAllByRole('cell')[
    column
  ]!.textContent;

describe('<StoragePanel> against a real core', () => {
  it("shows rows and limits per kind, what a sweep dropped, and how many of the human's messages went", async () => {
    const fleet = await realFleet({ agents: [{ name: 'ada', role: 'builder' }] });
    // The sweep every start runs is over (its stored record) before the test's messages arrive.
    const status = () =>
      fleet.orchestrator.invoke(humanCaller, 'retention.get', {}) as Promise<RetentionStatus>;
    await eventually(async () => (await status()).lastSweep !== null, 10_000, 'the start-up sweep');
    const ada = { kind: 'agent' as const, id: fleet.state.agents[Object.keys(fleet.state.agents)[0]!]!.id };
    for (let i = 0; i < 5; i++)
      await fleet.orchestrator.invoke(ada, 'message.send', { to: { human: true }, body: `note ${i}` });
    await fleet.orchestrator.invoke(humanCaller, 'retention.configure', {
      limits: { humanInbox: { maxRows: 2 } },
    });
    const store = createFleetStore(createClient(createLinkedTransport(fleet.orchestrator, humanCaller)));
    render(
      <StoreContext.Provider value={store}>
        <StoragePanel />
      </StoreContext.Provider>,
    );
    await waitFor(() => expect(cell('humanInbox', 1)).toBe('5'));
    expect(cell('humanInbox', 2)).toBe('newest 2');
    expect(cell('messages', 2)).toBe('30 days, newest 50,000');
    expect(screen.queryByTestId('storage-inbox-dropped')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Sweep now' }));
    // The sweep's event makes the panel read again.
    await waitFor(() => expect(cell('humanInbox', 1)).toBe('2'));
    expect(cell('humanInbox', 3)).toBe('3');
    expect(cell('humanInbox', 4)).toBe('3');
    expect(screen.getByTestId('storage-inbox-dropped').textContent).toBe(
      '3 older messages to you were dropped: your inbox keeps the newest 2 unread.',
    );
    expect(screen.getByTestId('storage-last-sweep').textContent).toMatch(/^Last sweep .*: 3 rows dropped in/);
    // A sweep that drops nothing is not announced; the panel reads again after its own.
    fireEvent.click(screen.getByRole('button', { name: 'Sweep now' }));
    await waitFor(() =>
      expect(screen.getByTestId('storage-last-sweep').textContent).toMatch(
        /^Last sweep .*: 0 rows dropped in/,
      ),
    );
    expect(cell('humanInbox', 3)).toBe('0');
    expect(cell('humanInbox', 4)).toBe('3');
    await fleet.orchestrator.close();
  });

  it('words the limits', () => {
    expect(limitText({ maxAgeDays: 1, maxRows: null })).toBe('1 day');
    expect(limitText({ maxAgeDays: null, maxRows: null })).toBe('kept');
    expect(limitText({ maxAgeDays: 0, maxRows: 10_000 })).toBe('0 days, newest 10,000');
  });
});
