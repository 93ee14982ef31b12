import { cleanup, configure, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore, type ViewName } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

/** The UI on `view`, against a real core with `agents` (shells, no team). */
async function renderAt(view: ViewName, agents: string[] = []) {
  const orchestrator = createOrchestrator({ databasePath: ':memory:', backend: createMemoryBackend() });
  for (const name of agents) await orchestrator.invoke(humanCaller, 'agent.spawn', { name, kind: 'shell' });
  const shell = createShellStore();
  shell.getState().setView(view);
  render(
    <StoreContext.Provider
      value={createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)))}
    >
      <App shell={shell} />
    </StoreContext.Provider>,
  );
}

const NO_AGENTS = /No agents yet: spawn one on the org chart, or try the demo fleet there\./;

// Session 26's review, every view on an empty fleet: Terminals said "tick agents above" with nothing to tick, the
// agent detail "Choose an agent above" from an empty list, and the message flow drew an empty grid.
describe('views on an empty fleet say so, and where to start', () => {
  it('Terminals: no agent has a pane yet (not "tick agents above")', async () => {
    await renderAt('grid');
    expect((await screen.findByTestId('grid-empty')).textContent).toBe(
      'No agent has a pane yet: spawn one on the org chart, or try the demo fleet there.',
    );
  });

  it('Agent detail: no agents yet (not "choose an agent above")', async () => {
    await renderAt('agent');
    await screen.findByText(NO_AGENTS);
    expect(screen.queryByText(/Choose an agent above/)).toBeNull();
  });

  it('Message flow: no agents yet, on the canvas; with agents, none of it', async () => {
    await renderAt('flow');
    expect((await screen.findByTestId('flow-empty')).textContent).toMatch(NO_AGENTS);
    cleanup();
    await renderAt('flow', ['lead', 'w1']);
    await screen.findAllByTestId('flow-node');
    expect(screen.queryByTestId('flow-empty')).toBeNull();
  });
});
