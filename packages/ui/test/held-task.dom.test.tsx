import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator, type Orchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

const open: Orchestrator[] = [];
afterEach(async () => {
  cleanup();
  for (const orchestrator of open.splice(0)) await orchestrator.close();
});
configure({ asyncUtilTimeout: 10_000 });

describe("a first task held for want of Switchboard's tools, in the agent detail (real core)", () => {
  it('says so with the two answers, and "Type it anyway" types it', async () => {
    const backend = createMemoryBackend();
    // A short wait at the prompt; the test waits on the held task's item, not on the clock.
    const orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend,
      initialTasks: { mcpWaitMs: 200 },
    });
    open.push(orchestrator);
    const ada = (await orchestrator.invoke(humanCaller, 'agent.spawn', {
      name: 'ada',
      kind: 'claude',
      task: 'summarise the open issues',
    })) as { id: string; paneId: string };
    const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
    const shell = createShellStore();
    shell.getState().openAgent(ada.id);
    render(
      <StoreContext.Provider value={store}>
        <App shell={shell} />
      </StoreContext.Provider>,
    );
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
  });
});
