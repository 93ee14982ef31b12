import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { ITerm2Backend } from '../../src/backend';
import { ITerm2Client } from '../../src/client/client';
import { ITerm2Api } from '../../src/client/operations';
import { staticAuth } from '../../src/client/auth';
import { startSimWithBackend, type SimAndBackend } from './sim-backend';

let subject: SimAndBackend | undefined;
let person: ITerm2Client | undefined;
afterEach(async () => {
  await person?.close();
  await subject?.dispose();
  subject = person = undefined;
});

describe('ITerm2Backend: where the keyboard focus is (FocusChanged, as the iterm2 library tracks it)', () => {
  it('reports the active pane of the selected tab of the current window, whichever of the three moved', async () => {
    subject = await startSimWithBackend();
    const { backend, socketPath } = subject;
    // Window 1: tab 1 split into a | b, tab 2 with c. Window 2 with d (opened last, so it is key).
    const a = await backend.createPane({});
    const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
    const c = await backend.createPane({ placement: { kind: 'tab', windowId: a.windowId } });
    const d = await backend.createPane({ placement: { kind: 'window' } });
    await eventually(async () => (await backend.focusedPane()) === d.id || undefined, 5_000, 'd focused');
    const focused: string[] = [];
    backend.onEvent((e: BackendEvent) => e.type === 'pane.focused' && focused.push(e.paneId));

    // The person, as another client of the same server (another script, or iTerm2's own UI).
    person = await ITerm2Client.connect({ endpoint: { socketPath }, auth: staticAuth({}), reconnect: false });
    const api = new ITerm2Api(person);
    const movedTo = async (paneId: string) => {
      await eventually(() => focused.at(-1) === paneId || undefined, 5_000, `pane.focused ${paneId}`);
      expect(await backend.focusedPane()).toBe(paneId);
    };

    await api.activate({ session: b.id }, { orderWindowFront: true, selectTab: true, selectSession: true });
    await movedTo(b.id);
    // Only a tab is selected (no session event): its active pane has the focus.
    await api.activate({ tab: c.tabId }, { selectTab: true });
    await movedTo(c.id);
    // Only a window comes to the front: its selected tab's active pane.
    await api.activate({ window: d.windowId }, { orderWindowFront: true });
    await movedTo(d.id);
    // A pane made active in a tab that is not in front does not take the keyboard.
    await api.activate({ session: a.id }, { selectSession: true });
    await api.activate({ window: a.windowId }, { orderWindowFront: true });
    // Window 1 shows tab 2 (c) still; a is the active pane of the tab behind it.
    await movedTo(c.id);
    await api.activate({ tab: a.tabId }, { selectTab: true });
    await movedTo(a.id);
    expect(focused).toEqual([b.id, c.id, d.id, c.id, a.id]);

    // A closed focused pane hands the focus on within its tab.
    await backend.closePane(a.id);
    await movedTo(b.id);
  });

  it('knows the focus at connect from the FocusRequest snapshot, before any event', async () => {
    subject = await startSimWithBackend();
    const { backend, socketPath } = subject;
    const a = await backend.createPane({});
    const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
    await backend.focus(a.id);
    // A second backend on the same server learns it from the snapshot, without any event.
    const late = await ITerm2Backend.connect({
      endpoint: { socketPath },
      auth: staticAuth({}),
      reconnect: false,
    });
    try {
      expect(await late.focusedPane()).toBe(a.id);
      await backend.focus(b.id);
      await eventually(async () => (await late.focusedPane()) === b.id || undefined, 5_000, 'b focused');
    } finally {
      await late.close();
    }
  });
});
