import { describe, expect, it } from 'vitest';
import { createShellStore } from '../src/store/shell-store';

/** localStorage as a plain map. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('focus follows the terminal (shell store)', () => {
  it('is off by default and kept per browser', () => {
    const storage = memoryStorage();
    expect(createShellStore(storage).getState().focusFollows).toBe(false);
    createShellStore(storage).getState().setFocusFollows(true);
    expect(createShellStore(storage).getState().focusFollows).toBe(true);
    createShellStore(storage).getState().setFocusFollows(false);
    expect(createShellStore(storage).getState().focusFollows).toBe(false);
  });

  it('selects the agent on the chart, switches the detail view, and leaves other views alone', () => {
    const shell = createShellStore();
    shell.getState().followTerminalFocus('a1');
    expect(shell.getState()).toMatchObject({ view: 'org', focus: { agentId: 'a1' } });
    const first = shell.getState().focus!.nonce;
    shell.getState().followTerminalFocus('a1');
    expect(shell.getState().focus!.nonce).toBeGreaterThan(first);

    shell.getState().openAgent('a1');
    shell.getState().followTerminalFocus('a2');
    expect(shell.getState()).toMatchObject({ view: 'agent', detailAgentId: 'a2' });

    shell.getState().setView('approvals');
    const before = shell.getState().focus;
    shell.getState().followTerminalFocus('a3');
    expect(shell.getState()).toMatchObject({ view: 'approvals', detailAgentId: 'a2', focus: before });
  });
});
