import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_BYTES, SwitchboardError } from '@switchboard/protocol';
import { panesOf } from '../layout/split-tree';
import type { BackendEvent, BackendLayout, SplitNode, TerminalBackend } from '../ports/terminal-backend';
import { eventually } from './eventually';

/** A backend made for one test, and how to tear down what it runs on. */
export interface BackendUnderTest {
  backend: TerminalBackend;
  dispose?: () => Promise<void>;
}

export interface ConformanceOptions {
  /** How long `eventually` waits for an asynchronous backend (default 10 s). */
  patienceMs?: number;
}

const leaf = (paneId: string): SplitNode => ({ kind: 'pane', paneId });
const split = (vertical: boolean, ...children: SplitNode[]): SplitNode => ({
  kind: 'split',
  vertical,
  children,
});
/** Windows → tabs → trees, without ids (new tabs and windows get ids the test cannot know). */
const shape = (layout: BackendLayout) => layout.windows.map((w) => w.tabs.map((t) => t.root));

async function rejectsWith(promise: Promise<unknown>, code: SwitchboardError['code']): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a SwitchboardError "${code}"`).toBeInstanceOf(SwitchboardError);
  expect((error as SwitchboardError).code).toBe(code);
}

/**
 * The TerminalBackend contract, as one Vitest suite every backend must pass: the in-memory one, and
 * ITerm2Backend against the embedded iTerm2-API server (and, on a Mac, real iTerm2). Expectations
 * follow iTerm2's behaviour; events and screens are awaited, never assumed synchronous.
 */
export function describeTerminalBackend(
  name: string,
  make: () => Promise<BackendUnderTest>,
  options: ConformanceOptions = {},
): void {
  const patience = options.patienceMs ?? 10_000;
  const wait = <T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what?: string) =>
    eventually(probe, patience, what);

  describe(`TerminalBackend conformance: ${name}`, () => {
    let subject: BackendUnderTest;
    let backend: TerminalBackend;
    let events: BackendEvent[];

    beforeEach(async () => {
      subject = await make();
      backend = subject.backend;
      events = [];
      backend.onEvent((e) => events.push(e));
    });
    afterEach(async () => {
      await backend.close();
      await subject.dispose?.();
    });

    const screenText = async (paneId: string, scrollback = 0) =>
      (await backend.readScreen(paneId, { scrollback })).lines.join('\n');

    describe('windows, tabs and splits', () => {
      it('creates a window, lists the pane alive, and reports it once', async () => {
        const pane = await backend.createPane({});
        expect(pane.id).not.toBe('');
        expect(pane.alive).toBe(true);
        const listed = await backend.listPanes();
        expect(listed.map((p) => p.id)).toEqual([pane.id]);
        expect(listed[0]).toMatchObject({ windowId: pane.windowId, tabId: pane.tabId });
        expect(shape(await backend.getLayout())).toEqual([[leaf(pane.id)]]);
        await wait(
          () => events.some((e) => e.type === 'pane.created' && e.pane.id === pane.id),
          'pane.created',
        );
        expect(events.filter((e) => e.type === 'pane.created')).toHaveLength(1);
      });

      it('adds a tab to a window and a second window', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({ placement: { kind: 'tab', windowId: a.windowId } });
        const c = await backend.createPane({ placement: { kind: 'window' } });
        expect(b.windowId).toBe(a.windowId);
        expect(b.tabId).not.toBe(a.tabId);
        expect(c.windowId).not.toBe(a.windowId);
        const layout = await backend.getLayout();
        expect(layout.windows.map((w) => w.windowId)).toEqual([a.windowId, c.windowId]);
        expect(layout.windows[0]!.tabs.map((t) => t.tabId)).toEqual([a.tabId, b.tabId]);
      });

      it('splits as iTerm2 does: siblings in the same orientation, a new splitter in the other', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
        expect(b.tabId).toBe(a.tabId);
        expect(shape(await backend.getLayout())).toEqual([[split(true, leaf(a.id), leaf(b.id))]]);
        const c = await backend.createPane({ placement: { kind: 'split', paneId: b.id, vertical: false } });
        const d = await backend.createPane({
          placement: { kind: 'split', paneId: a.id, vertical: true, before: true },
        });
        expect(shape(await backend.getLayout())).toEqual([
          [split(true, leaf(d.id), leaf(a.id), split(false, leaf(b.id), leaf(c.id)))],
        ]);
      });

      it('refuses to place a pane next to something that does not exist', async () => {
        await backend.createPane({});
        await rejectsWith(
          backend.createPane({ placement: { kind: 'split', paneId: 'no-such-pane', vertical: true } }),
          'not_found',
        );
        await rejectsWith(
          backend.createPane({ placement: { kind: 'tab', windowId: 'no-such-window' } }),
          'not_found',
        );
        expect(await backend.listPanes()).toHaveLength(1);
      });

      it('closes a pane: gone from the list, its splitter collapsed, reported once', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
        await backend.closePane(b.id);
        expect((await backend.listPanes()).map((p) => p.id)).toEqual([a.id]);
        expect(shape(await backend.getLayout())).toEqual([[leaf(a.id)]]);
        await wait(() => events.some((e) => e.type === 'pane.closed' && e.paneId === b.id), 'pane.closed');
        await wait(() => events.some((e) => e.type === 'layout.changed'), 'layout.changed');
        // By pane id, so a failure says which pane was reported (session 16's clean clone saw two reports once).
        expect(events.flatMap((e) => (e.type === 'pane.closed' ? [e.paneId] : []))).toEqual([b.id]);
        await rejectsWith(backend.closePane(b.id), 'not_found');
      });

      it('closing the last pane of a window closes the window', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({});
        await backend.closePane(a.id);
        const layout = await backend.getLayout();
        expect(layout.windows.map((w) => w.windowId)).toEqual([b.windowId]);
      });
    });

    describe('text in, screens out', () => {
      it('types text into a pane and shows it on its screen', async () => {
        const pane = await backend.createPane({});
        await backend.sendText(pane.id, 'echo conformance-marker\r');
        await wait(
          async () => (await screenText(pane.id)).includes('conformance-marker'),
          'the marker on screen',
        );
        await wait(() => events.some((e) => e.type === 'pane.output' && e.paneId === pane.id), 'pane.output');
        const screen = await backend.readScreen(pane.id);
        expect(screen.cursor.y).toBeGreaterThanOrEqual(0);
        expect(screen.cursor.y).toBeLessThan(screen.lines.length);
      });

      it("takes keys as the contract's KEY_BYTES text: backspace edits the line, enter submits it", async () => {
        const pane = await backend.createPane({});
        await backend.sendText(pane.id, 'echo keys-okx');
        await backend.sendText(pane.id, KEY_BYTES.backspace + KEY_BYTES.enter);
        await wait(async () => /echo keys-ok$/m.test(await screenText(pane.id)), 'the edited line');
        // Keys typed before a real shell prints its prompt are echoed raw once, so judge by whole lines:
        // the command line shows the edit, and no output line carries the deleted character.
        const lines = (await screenText(pane.id)).split('\n').map((line) => line.trimEnd());
        expect(lines).not.toContain('keys-okx');
        expect(lines.some((line) => /echo keys-ok$/.test(line))).toBe(true);
      });

      it('keeps lines that scrolled off the screen in scrollback', async () => {
        const pane = await backend.createPane({});
        await backend.sendText(pane.id, 'echo early-marker\r' + '\r'.repeat(80));
        await wait(
          async () =>
            (await screenText(pane.id, 500)).includes('early-marker') &&
            !(await screenText(pane.id)).includes('early-marker'),
          'the marker in scrollback only',
        );
      });

      it('numbers lines from the first ever, when it reports firstLine: a scroll of k lines adds k', async () => {
        const pane = await backend.createPane({});
        const before = await backend.readScreen(pane.id);
        if (before.firstLine === undefined) return; // tmux cannot tell (docs/recordings.md)
        await backend.sendText(pane.id, 'echo numbered-marker\r' + '\r'.repeat(60));
        // Printed, then scrolled off (a screen without it may only be one the shell has not echoed to yet, on a
        // loaded machine), and the screen moved down by the 61 lines (the shell may still be busy with them).
        await wait(async () => {
          const now = await backend.readScreen(pane.id);
          return (
            !now.lines.join('\n').includes('numbered-marker') &&
            now.firstLine! >= before.firstLine! + 61 - now.lines.length &&
            (await screenText(pane.id, 500)).includes('numbered-marker')
          );
        }, 'the marker printed and scrolled off, 61 lines down');
        // Read the screen, the screen with scrollback, the screen again: the same number twice says nothing moved.
        let screen = before;
        let withHistory = before;
        await wait(async () => {
          screen = await backend.readScreen(pane.id);
          withHistory = await backend.readScreen(pane.id, { scrollback: 500 });
          return (await backend.readScreen(pane.id)).firstLine === screen.firstLine;
        }, 'a still screen');
        expect(screen.firstLine!).toBeGreaterThanOrEqual(before.firstLine! + 61 - screen.lines.length);
        // The scrollback read starts that many lines above the screen, and the marker keeps its number.
        expect(screen.firstLine! - withHistory.firstLine!).toBe(
          withHistory.lines.length - screen.lines.length,
        );
        const marker = withHistory.lines.findIndex((line) => line.includes('numbered-marker'));
        expect(marker).toBeGreaterThanOrEqual(0);
        const narrower = await backend.readScreen(pane.id, {
          scrollback: screen.firstLine! - (withHistory.firstLine! + marker),
        });
        expect(narrower.firstLine).toBe(withHistory.firstLine! + marker);
        expect(narrower.lines[0]).toBe(withHistory.lines[marker]);
      });

      it("says a read's screen rows: with scrollback, its last `rows` lines are the screen alone", async () => {
        const pane = await backend.createPane({});
        await backend.sendText(pane.id, Array.from({ length: 60 }, (_, i) => `echo row-${i + 1}\r`).join(''));
        let screen = await backend.readScreen(pane.id);
        let withHistory = screen;
        await wait(async () => {
          screen = await backend.readScreen(pane.id);
          withHistory = await backend.readScreen(pane.id, { scrollback: 20 });
          const after = (await backend.readScreen(pane.id)).lines.join('\n');
          // And 20 lines above it: a real shell's terminal echoes the typed `echo row-60` at once, and a starved shell
          // (CI) had run 5 of the 60 echoes while that screen held still between the reads.
          return (
            /row-60$/m.test(after) &&
            after === screen.lines.join('\n') &&
            withHistory.lines.length >= 20 + screen.lines.length
          );
        }, 'a still screen that shows row-60 with 20 lines above it');
        expect(withHistory.rows).toBe(screen.lines.length);
        expect(withHistory.lines.length).toBe(20 + screen.lines.length);
        expect(withHistory.lines.slice(20)).toEqual(screen.lines);
      });

      it('rejects text for a pane that does not exist', async () => {
        await rejectsWith(backend.sendText('no-such-pane', 'x'), 'not_found');
        await rejectsWith(backend.readScreen('no-such-pane'), 'not_found');
      });

      it('restarts a pane in place: same id, alive, usable', async () => {
        const pane = await backend.createPane({});
        await backend.restartPane(pane.id);
        const listed = await backend.listPanes();
        expect(listed.map((p) => [p.id, p.alive])).toEqual([[pane.id, true]]);
        await backend.sendText(pane.id, 'echo after-restart\r');
        await wait(async () => (await screenText(pane.id)).includes('after-restart'), 'text after restart');
        await rejectsWith(backend.restartPane('no-such-pane'), 'not_found');
      });
    });

    describe('appearance, variables, focus', () => {
      it('sets title, badge and tab colour; the title shows in the pane list', async () => {
        const pane = await backend.createPane({});
        await backend.setAppearance(pane.id, {
          title: 'builder-1',
          badge: 'builder-1\nlead',
          tabColor: '#1f6feb',
        });
        await wait(async () => (await backend.listPanes())[0]?.title === 'builder-1', 'the title');
        await backend.setAppearance(pane.id, { tabColor: null });
        await backend.setAppearance(pane.id, { attention: true });
        await backend.setAppearance(pane.id, { attention: false });
        await rejectsWith(backend.setAppearance(pane.id, { tabColor: 'blue-ish' }), 'invalid_input');
        await rejectsWith(backend.setAppearance('no-such-pane', { badge: 'x' }), 'not_found');
      });

      it('keeps user variables per pane and reports changes', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({});
        await backend.setVariable(a.id, 'user.switchboardAgent', 'agent-1');
        expect(await backend.getVariable(a.id, 'user.switchboardAgent')).toBe('agent-1');
        expect(await backend.getVariable(b.id, 'user.switchboardAgent')).toBeUndefined();
        await wait(
          () =>
            events.some(
              (e) => e.type === 'variable.changed' && e.paneId === a.id && e.name === 'user.switchboardAgent',
            ),
          'variable.changed',
        );
        await rejectsWith(backend.setVariable(a.id, 'role', 'x'), 'invalid_input');
        await rejectsWith(backend.setVariable(a.id, 'user.a.b', 'x'), 'invalid_input');
        await rejectsWith(backend.setVariable('no-such-pane', 'user.x', 'x'), 'not_found');
      });

      it('focuses the exact pane', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
        await backend.focus(b.id);
        await backend.focus(a.id);
        await wait(() => events.some((e) => e.type === 'pane.focused' && e.paneId === a.id), 'pane.focused');
        await rejectsWith(backend.focus('no-such-pane'), 'not_found');
      });
    });

    describe('applying a split tree', () => {
      it('reshapes a tab around live panes without restarting them', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
        const c = await backend.createPane({ placement: { kind: 'split', paneId: b.id, vertical: true } });
        await backend.sendText(a.id, 'echo still-alive\r');
        await wait(async () => (await screenText(a.id)).includes('still-alive'), 'marker before');
        const before = await backend.listPanes();
        const layout = await backend.getLayout();
        const tab = layout.windows[0]!.tabs[0]!;
        await backend.applyLayout({
          windows: [
            {
              windowId: layout.windows[0]!.windowId!,
              tabs: [
                { tabId: tab.tabId!, root: split(false, leaf(c.id), split(true, leaf(a.id), leaf(b.id))) },
              ],
            },
          ],
        });
        expect(shape(await backend.getLayout())).toEqual([
          [split(false, leaf(c.id), split(true, leaf(a.id), leaf(b.id)))],
        ]);
        const after = await backend.listPanes();
        expect(after.map((p) => [p.id, p.pid, p.alive]).sort()).toEqual(
          before.map((p) => [p.id, p.pid, p.alive]).sort(),
        );
        expect(await screenText(a.id)).toContain('still-alive');
        await wait(() => events.some((e) => e.type === 'layout.changed'), 'layout.changed');
        expect(events.filter((e) => e.type === 'pane.closed' || e.type === 'pane.created').length).toBe(3);
      });

      it('moves panes between tabs and windows, into new tabs and new windows', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
        const c = await backend.createPane({ placement: { kind: 'tab', windowId: a.windowId } });
        const d = await backend.createPane({});
        const ids = new Set((await backend.listPanes()).map((p) => p.id));
        await backend.applyLayout({
          windows: [
            {
              windowId: a.windowId,
              tabs: [{ tabId: a.tabId, root: split(false, leaf(a.id), leaf(c.id)) }, { root: leaf(d.id) }],
            },
            { tabs: [{ root: leaf(b.id) }] },
          ],
        });
        expect(shape(await backend.getLayout())).toEqual([
          [split(false, leaf(a.id), leaf(c.id)), leaf(d.id)],
          [leaf(b.id)],
        ]);
        const after = await backend.listPanes();
        expect(new Set(after.map((p) => p.id))).toEqual(ids);
        expect(after.find((p) => p.id === d.id)!.windowId).toBe(a.windowId);
      });

      it('rejects a tree that breaks the rules and changes nothing', async () => {
        const a = await backend.createPane({});
        const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
        const layout = await backend.getLayout();
        const windowId = layout.windows[0]!.windowId!;
        const tabId = layout.windows[0]!.tabs[0]!.tabId!;
        const attempt = (root: SplitNode, tab: string | undefined = tabId) =>
          backend.applyLayout({
            windows: [{ windowId, tabs: [{ ...(tab === undefined ? {} : { tabId: tab }), root }] }],
          });
        await rejectsWith(attempt(leaf(a.id)), 'invalid_input'); // b missing
        await rejectsWith(
          attempt(split(true, leaf(a.id), leaf(b.id), leaf('no-such-pane'))),
          'invalid_input',
        );
        await rejectsWith(attempt(split(true, leaf(a.id), leaf(a.id), leaf(b.id))), 'invalid_input');
        await rejectsWith(
          attempt(split(true, leaf(a.id), split(true, leaf(b.id), leaf(a.id)))),
          'invalid_input',
        );
        await rejectsWith(attempt(split(true, leaf(a.id), leaf(b.id)), 'no-such-tab'), 'invalid_input');
        expect(await backend.getLayout()).toEqual(layout);
        expect(panesOf(layout.windows[0]!.tabs[0]!.root)).toEqual([a.id, b.id]);
      });
    });

    describe('events', () => {
      it('stops delivering events to a listener that unsubscribed', async () => {
        const seen: BackendEvent[] = [];
        const off = backend.onEvent((e) => seen.push(e));
        off();
        await backend.createPane({});
        await wait(
          () => events.some((e) => e.type === 'pane.created'),
          'pane.created for the other listener',
        );
        expect(seen).toEqual([]);
      });
    });
  });
}
