import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

async function renderDetail() {
  const backend = createMemoryBackend();
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend });
  const ada = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
    name: 'ada',
    kind: 'shell',
    role: 'builder',
  })) as { id: string; paneId: string };
  await orchestrator.invoke(humanCaller, 'agent.spawn', { name: 'bob', kind: 'shell', role: 'builder' });
  return { orchestrator, backend, ada, shell: showDetail(orchestrator, ada.id) };
}

/** The whole UI on the human's link to a real core, showing one agent's detail. */
function showDetail(orchestrator: Orchestrator, agentId: string) {
  const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
  const shell = createShellStore();
  shell.getState().openAgent(agentId);
  render(
    <StoreContext.Provider value={store}>
      <App shell={shell} />
    </StoreContext.Provider>,
  );
  return shell;
}

describe('<AgentDetailView> against a real core', () => {
  it('mirrors the pane while shown and gives the subscription back when left', async () => {
    const { orchestrator, ada, shell } = await renderDetail();
    await screen.findByRole('heading', { name: 'ada', level: 2 });
    const viewers = async () => {
      const answer = (await orchestrator.invoke(humanCaller, 'pane.mirror', { target: ada.paneId })) as {
        viewers: number;
      };
      await orchestrator.invoke(humanCaller, 'pane.unmirror', { paneId: ada.paneId });
      return answer.viewers;
    };
    await waitFor(async () => expect(await viewers()).toBe(2));
    act(() => shell.getState().setView('org'));
    await waitFor(async () => expect(await viewers()).toBe(1));
  });

  it('sends a message as the human and lists it in the inbox; shows locks held and the recovery log live', async () => {
    const { orchestrator, ada } = await renderDetail();
    await screen.findByRole('heading', { name: 'ada', level: 2 });
    await act(async () => {
      await orchestrator.invoke({ kind: 'agent', id: ada.id }, 'lock.acquire', {
        resource: { kind: 'branch', name: 'feature/x' },
      });
    });
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: /Locks held/ })).getByText('feature/x')).toBeTruthy(),
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Message to ada' }), {
      target: { value: 'Ship it' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: /Inbox/ })).getByText('Ship it')).toBeTruthy(),
    );
    expect(within(screen.getByRole('region', { name: /Inbox/ })).getByText('from you')).toBeTruthy();

    // The recovery log: real status, and a row written live when the human pauses recovery for the agent.
    await waitFor(() => expect(screen.getByTestId('recovery-log').textContent).toMatch(/breaker closed/));
    expect(screen.getByTestId('recovery-log').textContent).toMatch(/No recovery steps/);
    await act(async () => {
      await orchestrator.invoke(humanCaller, 'health.pause', { agent: ada.id, reason: 'deploying' });
    });
    await waitFor(() => expect(screen.getByTestId('recovery-log').textContent).toMatch(/paused.*deploying/));
    expect(screen.getByTestId('recovery-log').textContent).toMatch(/recovery paused for this agent/);
  });
});

describe("a first task held for want of Switchboard's tools, in the agent detail (real core)", () => {
  it('says so with the two answers, and "Type it anyway" types it', async () => {
    const backend = createMemoryBackend();
    // A short wait at the prompt; the test waits on the held task's item, not on the clock.
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend,
      initialTasks: { mcpWaitMs: 200 },
    });
    const ada = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'ada',
      kind: 'claude',
      task: 'summarise the open issues',
    })) as { id: string; paneId: string };
    showDetail(orchestrator, ada.id);
    await screen.findByRole('heading', { name: 'ada', level: 2 });
    // At its prompt (its Stop hook), and never listing Switchboard's tools.
    await act(async () => {
      await orchestrator.invoke({ kind: 'agent', id: ada.id }, 'health.reportHook', { event: 'Stop' });
    });
    const held = await screen.findByTestId('held-task');
    expect(held.textContent).toContain("ada has not connected to Switchboard's tools after 0 s");
    const typed = async () => (await backend.readScreen(ada.paneId)).lines.join('\n');
    expect(await typed()).not.toContain('summarise the open issues');
    fireEvent.click(within(held).getByRole('button', { name: 'Type it anyway' }));
    await waitFor(async () => expect(await typed()).toContain('summarise the open issues'));
    await waitFor(() => expect(screen.queryByTestId('held-task')).toBeNull());
    cleanup();
    await orchestrator.close();
  });
});
