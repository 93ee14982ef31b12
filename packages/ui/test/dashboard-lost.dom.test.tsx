import { cleanup, configure, render, screen, waitFor } from '@testing-library/react';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, createOrchestrator } from '@switchboard/core';
import { createClient, humanCaller } from '@switchboard/protocol';
import { createLinkedTransport } from '@switchboard/protocol/testing';
import { App, StoreContext, createFleetStore, createShellStore } from '../src/index';

afterEach(cleanup);
configure({ asyncUtilTimeout: 10_000 });

describe('<DashboardView> after a restart that lost the panes', () => {
  it('"agents by state" counts lost agents as lost (error), as the counters do, not in their last decided state', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-lost-')), 'switchboard.db');
    const before = createOrchestrator({ databasePath, backend: createMemoryBackend() });
    const w1 = (await before.invoke(humanCaller, 'agent.spawn', { name: 'w1', kind: 'claude' })) as {
      id: string;
    };
    // A hook report decides a state: the health history has w1 working.
    await before.invoke({ kind: 'agent', id: w1.id }, 'health.reportHook', {
      event: 'PreToolUse',
      toolName: 'Bash',
    });
    const { transitions } = (await before.invoke(humanCaller, 'health.history', { agent: 'w1' })) as {
      transitions: { state: string }[];
    };
    expect(transitions.at(-1)?.state).toBe('working');
    await before.close();

    // The terminal's panes are gone (a fresh memory backend): the fleet marks w1 lost.
    const orchestrator = createOrchestrator({ databasePath, backend: createMemoryBackend() });
    const store = createFleetStore(createClient(createLinkedTransport(orchestrator, humanCaller)));
    const shell = createShellStore();
    shell.getState().setView('dashboard');
    render(
      <StoreContext.Provider value={store}>
        <App shell={shell} />
      </StoreContext.Provider>,
    );
    await waitFor(() =>
      expect(screen.getByTestId('counter-error').querySelector('.counter-value')!.textContent).toBe('1'),
    );
    await waitFor(() => expect(screen.getByTestId('chart-states-summary').textContent).toContain('1 error'));
    expect(screen.getByTestId('chart-states-summary').textContent).toMatch(
      /now: 0 working, 0 waiting, 0 idle/,
    );
    await orchestrator.close();
  });
});
