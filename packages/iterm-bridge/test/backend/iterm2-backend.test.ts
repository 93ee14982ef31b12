import { afterEach, describe, expect, it } from 'vitest';
import { readPrompt, type BackendEvent } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { startSimWithBackend, type SimAndBackend } from './sim-backend';

let subject: SimAndBackend | undefined;
afterEach(async () => {
  await subject?.dispose();
  subject = undefined;
});

const start = async (options: Parameters<typeof startSimWithBackend>[0] = {}) => {
  subject = await startSimWithBackend(options);
  const events: BackendEvent[] = [];
  subject.backend.onEvent((e) => events.push(e));
  return { ...subject, events };
};

describe('ITerm2Backend specifics (embedded server)', () => {
  it('streams custom escape sequences and shell-integration prompt marks', async () => {
    const { backend, events } = await start();
    const pane = await backend.createPane({});
    await backend.api.inject([pane.id], Buffer.from('\x1b]1337;Custom=id=switchboard:{"cmd":"ping"}\x07'));
    await eventually(() => events.find((e) => e.type === 'pane.escape'), 5_000, 'pane.escape');
    expect(events.find((e) => e.type === 'pane.escape')).toEqual({
      type: 'pane.escape',
      paneId: pane.id,
      identity: 'switchboard',
      payload: '{"cmd":"ping"}',
    });
    await backend.api.inject(
      [pane.id],
      Buffer.from('\x1b]133;A\x07$ \x1b]133;B\x07make\r\n\x1b]133;C\x07done\r\n\x1b]133;D;2\x07'),
    );
    await eventually(
      () => events.some((e) => e.type === 'pane.prompt' && e.phase === 'command.finished'),
      5_000,
      'command.finished',
    );
    const phases = events.filter((e) => e.type === 'pane.prompt');
    expect(phases.map((e) => e.type === 'pane.prompt' && e.phase)).toEqual([
      'prompt',
      'command.started',
      'command.finished',
    ]);
    expect(phases.at(-1)).toMatchObject({ paneId: pane.id, exitStatus: 2 });
  });

  it("reports the person's keystrokes in a pane (KeystrokeMonitor) as pane.keystroke, without the characters; its own writes are not keystrokes", async () => {
    const { backend, server, events } = await start();
    const typedInto = await backend.createPane({});
    // A pane created after the subscription is covered too ("all" sessions).
    const other = await backend.createPane({
      placement: { kind: 'split', paneId: typedInto.id, vertical: true },
    });
    await backend.sendText(other.id, 'echo from-the-api\r');
    await backend.sendText(other.id, '\r');
    expect(server.type(typedInto.id, 'pw')).toBe(true);
    await eventually(
      () => events.filter((e) => e.type === 'pane.keystroke').length === 2 || undefined,
      5_000,
      'two pane.keystroke events',
    );
    expect(events.filter((e) => e.type === 'pane.keystroke')).toEqual([
      { type: 'pane.keystroke', paneId: typedInto.id },
      { type: 'pane.keystroke', paneId: typedInto.id },
    ]);
    expect(JSON.stringify(events)).not.toContain('"pw"');
    // A later keystroke in the other pane names that pane.
    expect(server.type(other.id, 'x')).toBe(true);
    await eventually(
      () => events.some((e) => e.type === 'pane.keystroke' && e.paneId === other.id) || undefined,
      5_000,
      'a keystroke in the other pane',
    );
  });

  it('going to a pane brings iTerm2 to the front (activate_app) and selects its window, tab and pane', async () => {
    const { backend, server } = await start();
    const first = await backend.createPane({});
    const second = await backend.createPane({
      placement: { kind: 'split', paneId: first.id, vertical: true },
    });
    await backend.focus(first.id);
    server.switchAway();
    const appActive = async () =>
      (await backend.api.focusSnapshot()).find((n) => n.event.case === 'applicationActive')?.event.value;
    expect(await appActive()).toBe(false);
    await backend.focus(second.id);
    expect(await appActive()).toBe(true);
    const tabFocus = (await backend.api.focusSnapshot()).find((n) => n.event.case === 'session');
    expect(tabFocus?.event.value).toBe(second.id);
  });

  it('writes appearance as iTerm2 profile properties and variables as JSON', async () => {
    const { backend, server } = await start();
    const pane = await backend.createPane({});
    await backend.setAppearance(pane.id, { badge: 'lead', tabColor: '#ff8000' });
    const props = await backend.api.getProfileProperties(pane.id, [
      'Badge Text',
      'Tab Color',
      'Use Tab Color',
    ]);
    expect(props['Badge Text']).toBe('lead');
    expect(props['Use Tab Color']).toBe(true);
    expect(props['Tab Color']).toMatchObject({
      'Red Component': 1,
      'Green Component': 128 / 255,
      'Blue Component': 0,
    });
    await backend.setAppearance(pane.id, { tabColor: null });
    expect((await backend.api.getProfileProperties(pane.id, ['Use Tab Color']))['Use Tab Color']).toBe(false);
    // Attention: the escape sequence a program would print (OSC 1337 RequestAttention), injected; nothing shows on screen.
    await backend.setAppearance(pane.id, { attention: true });
    await eventually(() => server.attentionRequested(pane.id) || undefined, 5_000, 'attention requested');
    await backend.setAppearance(pane.id, { attention: false });
    await eventually(
      () => server.attentionRequested(pane.id) === false || undefined,
      5_000,
      'attention withdrawn',
    );
    expect((await backend.readScreen(pane.id)).lines.join('\n')).not.toContain('RequestAttention');
    await backend.setVariable(pane.id, 'user.role', 'lead');
    expect(await backend.api.getVariables({ session: pane.id }, ['user.role'])).toEqual(['lead']);
  });

  it('reports variables a program sets (OSC 1337 SetUserVar) once the name is watched', async () => {
    const { backend, events } = await start({ watchVariables: ['user.state'] });
    const pane = await backend.createPane({});
    await backend.api.inject(
      [pane.id],
      Buffer.from(`\x1b]1337;SetUserVar=state=${Buffer.from('busy').toString('base64')}\x07`),
    );
    await eventually(
      () =>
        events.some(
          (e) =>
            e.type === 'variable.changed' &&
            e.paneId === pane.id &&
            e.name === 'user.state' &&
            e.value === 'busy',
        ),
      5_000,
      'variable.changed from the program',
    );
    expect(await backend.getVariable(pane.id, 'user.state')).toBe('busy');
    await backend.setVariable(pane.id, 'user.state', 'idle');
    await eventually(
      () => events.some((e) => e.type === 'variable.changed' && e.value === 'idle'),
      5_000,
      'variable.changed from setVariable',
    );
    expect(events.filter((e) => e.type === 'variable.changed' && e.value === 'idle')).toHaveLength(1);
  });

  it('runs a command and a working directory through the profile', async () => {
    const { backend } = await start();
    const pane = await backend.createPane({
      command: '/bin/sh -c "pwd; echo from-command; sleep 30"',
      cwd: '/tmp',
    });
    await eventually(
      async () => {
        const lines = (await backend.readScreen(pane.id)).lines;
        return lines.includes('/tmp') && lines.includes('from-command');
      },
      5_000,
      'command output',
    );
  });

  it('servers older than 1.11 cannot move sessions: a clear error, nothing changed', async () => {
    const { backend } = await start({ assumeProtocolVersion: { major: 1, minor: 10 } });
    const a = await backend.createPane({});
    const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
    const layout = await backend.getLayout();
    await backend.applyLayout(layout); // already so: fine on any version
    const swapped = {
      windows: [
        {
          ...layout.windows[0]!,
          tabs: [
            {
              ...layout.windows[0]!.tabs[0]!,
              root: {
                kind: 'split' as const,
                vertical: false,
                children: [
                  { kind: 'pane' as const, paneId: b.id },
                  { kind: 'pane' as const, paneId: a.id },
                ],
              },
            },
          ],
        },
      ],
    };
    await expect(backend.applyLayout(swapped)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('1.11'),
    });
    expect(await backend.getLayout()).toEqual(layout);
  });

  /** A new pane whose shell printed `row-1` … `row-<count>`, the last of them on screen. */
  const printedRows = async (backend: SimAndBackend['backend'], count: number) => {
    const pane = await backend.createPane({});
    await backend.sendText(pane.id, `for i in $(seq 1 ${count}); do echo row-$i; done\r`);
    await eventually(
      async () => (await backend.readScreen(pane.id)).lines.includes(`row-${count}`),
      5_000,
      `row-${count}`,
    );
    return pane;
  };

  it('reads scrollback with absolute line numbers and puts the cursor on the right row', async () => {
    const { backend } = await start();
    const pane = await printedRows(backend, 100);
    const deep = await backend.readScreen(pane.id, { scrollback: 1000 });
    expect(deep.lines).toContain('row-1');
    expect(deep.lines[deep.cursor.y]).toMatch(/^\$ ?$/);
    expect(await backend.readHistory(pane.id, 5)).toHaveLength(5);
  });

  it("reads scrollback in one request, by the pane's height it knows (told or not), and says the screen's rows", async () => {
    const { backend } = await start();
    const pane = await printedRows(backend, 60);
    const screen = await backend.readScreen(pane.id);
    // Counts the requests for the grid's size (the live client's own method, called through).
    let gridAsked = 0;
    const lineInfo = backend.api.lineInfo.bind(backend.api);
    backend.api.lineInfo = (...args: Parameters<typeof lineInfo>) => (gridAsked++, lineInfo(...args));
    const asking = await backend.readScreen(pane.id, { scrollback: 30 });
    const told = await backend.readScreen(pane.id, { scrollback: 30, rows: screen.lines.length });
    // A count that is not the pane's height changes nothing: the backend knows it (listings, the `rows` variable).
    const wrong = await backend.readScreen(pane.id, { scrollback: 30, rows: 3 });
    expect(gridAsked).toBe(0);
    expect(told).toEqual(asking);
    expect(wrong).toEqual(asking);
    expect(told.rows).toBe(screen.lines.length);
    expect(told.lines.slice(-screen.lines.length)).toEqual(screen.lines);
    expect(told.lines).toContain('row-31');
  });

  it('a split that narrows a pane wraps the line at the cursor (as iTerm2 does) and says which rows soft-wrap', async () => {
    const { backend } = await start();
    const question = 'Apply the schema change? [y/N] ';
    const pane = await backend.createPane({
      command: `/bin/sh -c 'echo migrating; printf "${question}"; sleep 30'`,
    });
    await eventually(
      async () => (await backend.readScreen(pane.id)).lines.some((l) => l.startsWith('Apply')),
      5_000,
      'the question',
    );
    const wide = readPrompt('shell', await backend.readScreen(pane.id));
    // Two splits: the pane keeps about a quarter of the 80 columns, fewer than the question's 31.
    const right = await backend.createPane({ placement: { kind: 'split', paneId: pane.id, vertical: true } });
    const farRight = await backend.createPane({
      placement: { kind: 'split', paneId: right.id, vertical: true },
    });
    const beside = await backend.createPane({
      placement: { kind: 'split', paneId: pane.id, vertical: true },
    });
    const narrow = await backend.readScreen(pane.id);
    const width = Math.max(...narrow.lines.map((l) => l.length));
    expect(width).toBeLessThan(question.trim().length);
    const at = narrow.lines.findIndex((l) => l.startsWith('Apply'));
    expect(narrow.lines.slice(at, narrow.cursor.y + 1).join('')).toBe(question);
    expect(narrow.wraps?.slice(at, narrow.cursor.y + 1)).toEqual([
      ...Array<boolean>(narrow.cursor.y - at).fill(true),
      false,
    ]);
    // The cursor stays after the question (where the answer will be typed), at either width.
    expect(narrow.cursor.x).toBe(narrow.lines[narrow.cursor.y]!.length);
    // The prompt reads the same at either width: one question, one identity.
    expect(readPrompt('shell', narrow)).toEqual(wide);
    for (const other of [beside, farRight, right]) await backend.closePane(other.id);
    const wider = await backend.readScreen(pane.id);
    expect(wider.lines[wider.cursor.y]).toBe(question);
    expect(wider.cursor.x).toBe(question.length);
  });
});
