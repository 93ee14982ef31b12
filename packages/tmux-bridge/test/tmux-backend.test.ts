import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '@switchboard/core/testing';
import type { BackendEvent } from '@switchboard/core';
import { TmuxBackend } from '../src/tmux-backend';
import { startTmux, tmuxAvailable } from './tmux-server';

const suite = tmuxAvailable ? describe : describe.skip;

suite('TmuxBackend on a real tmux server', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup = [];
  });
  const start = async () => {
    const tmux = await startTmux();
    const events: BackendEvent[] = [];
    tmux.backend.onEvent((e) => events.push(e));
    cleanup.push(tmux.dispose, () => tmux.backend.close());
    return { ...tmux, events };
  };
  const screen = async (backend: TmuxBackend, paneId: string) =>
    (await backend.readScreen(paneId)).lines.join('\n');

  it("turns OSC 133 marks, the custom escape and SetUserVar in a pane's output into events", async () => {
    const { backend, events } = await start();
    const pane = await backend.createPane({});
    const value = Buffer.from('working ☃').toString('base64');
    await backend.sendText(
      pane.id,
      `printf '\\033]133;A\\007\\033]133;C\\007\\033]133;D;3\\007\\033]1337;Custom=id=sb:hello world\\007\\033]1337;SetUserVar=switchboardState=${value}\\007'\r`,
    );
    await eventually(
      () => events.some((e) => e.type === 'variable.changed' && e.name === 'user.switchboardState'),
      10_000,
      'the user variable',
    );
    const prompts = events
      .filter((e) => e.type === 'pane.prompt')
      .map((e) => (e.type === 'pane.prompt' ? [e.phase, e.exitStatus] : []));
    expect(prompts).toEqual(
      expect.arrayContaining([
        ['prompt', undefined],
        ['command.started', undefined],
        ['command.finished', 3],
      ]),
    );
    expect(events).toContainEqual({
      type: 'pane.escape',
      paneId: pane.id,
      identity: 'sb',
      payload: 'hello world',
    });
    expect(await backend.getVariable(pane.id, 'user.switchboardState')).toBe('working ☃');
  });

  it("reads a screen's colours and attributes when asked (capture-pane -e), as the contract's style runs", async () => {
    const { backend } = await start();
    const pane = await backend.createPane({});
    await backend.sendText(pane.id, "printf 'A\\033[1;32mGREEN\\033[0mB\\033[48;5;200m C\\033[0m\\n'\r");
    await eventually(
      async () => (await screen(backend, pane.id)).split('\n').some((l) => l.startsWith('AGREENB')),
      10_000,
      'the coloured line',
    );
    const plain = await backend.readScreen(pane.id);
    expect(plain.styles).toBeUndefined();
    const styled = await backend.readScreen(pane.id, { styles: true });
    const row = styled.lines.findIndex((l) => l.startsWith('AGREENB'));
    // The same text as without styles (tmux trims trailing blanks either way).
    expect(styled.lines[row]).toBe('AGREENB C');
    expect(plain.lines[row]).toBe('AGREENB C');
    expect(styled.styles![row]).toEqual([
      { length: 1 },
      { length: 5, bold: true, fg: 2 },
      { length: 1 },
      { length: 2, bg: 200 },
    ]);
    // The typed command line keeps its escapes as literal text.
    expect(styled.lines.some((l) => l.includes("printf 'A\\033[1;32mGREEN"))).toBe(true);
    expect(styled.lines.length).toBe(plain.lines.length);
  });

  it('keeps titles, badges and variables literal, whatever characters they hold', async () => {
    const { backend, tmux } = await start();
    const pane = await backend.createPane({});
    const hostile = `a "quoted" $HOME #{pane_id} ## ; kill-server \\ 'x'`;
    await backend.setAppearance(pane.id, { title: hostile, badge: `two\nlines ${hostile}` });
    await backend.setVariable(pane.id, 'user.weird name!', `multi\nline ${hostile}`);
    expect((await backend.listPanes())[0]!.title).toBe(hostile);
    expect(await backend.getVariable(pane.id, 'user.weird name!')).toBe(`multi\nline ${hostile}`);
    expect(tmux('show-options', '-p', '-v', '-t', pane.id, '@switchboard_badge').stdout).toBe(
      `two\nlines ${hostile}\n`,
    );
    expect(tmux('has-session').status).toBe(0); // nothing was run as a command
  });

  it('asks for attention with a pane option a status or border format can show', async () => {
    const { backend, tmux } = await start();
    const pane = await backend.createPane({});
    await backend.setAppearance(pane.id, { attention: true });
    expect(tmux('show-options', '-p', '-v', '-t', pane.id, '@switchboard_attention').stdout).toBe('1\n');
    await backend.setAppearance(pane.id, { attention: false });
    expect(tmux('show-options', '-p', '-v', '-t', pane.id, '@switchboard_attention').stdout).toBe('0\n');
  });

  it('leaves panes running when the backend detaches; a new backend on the same server finds them (and their ends)', async () => {
    const { backend, socketPath, tmux } = await start();
    const pane = await backend.createPane({});
    await backend.sendText(pane.id, 'echo before-$((6*7))\r');
    await eventually(
      async () => (await screen(backend, pane.id)).includes('before-42'),
      10_000,
      'output before',
    );
    const [before] = await backend.listPanes();
    await backend.close();
    // As a window opened before the remain-on-exit hooks (by a Switchboard before them) has it.
    tmux('set-option', '-w', '-t', before!.tabId, 'remain-on-exit', 'off');
    const again = await TmuxBackend.connect({ socketPath });
    cleanup.push(() => again.close());
    const created: BackendEvent[] = [];
    const exited: BackendEvent[] = [];
    again.onEvent((e) => e.type === 'pane.created' && created.push(e));
    again.onEvent((e) => e.type === 'pane.exited' && exited.push(e));
    expect(await again.listPanes()).toEqual([before]);
    expect(await screen(again, pane.id)).toContain('before-42');
    await again.sendText(pane.id, 'echo after-$((6*7))\r');
    await eventually(async () => (await screen(again, pane.id)).includes('after-42'), 10_000, 'output after');
    expect(created).toEqual([]);
    await again.sendText(pane.id, 'exit 4\r');
    await eventually(() => exited.length > 0 || undefined, 15_000, 'the end of the shell');
    expect(exited).toMatchObject([{ type: 'pane.exited', paneId: pane.id, endedByItself: true }]);
  });

  it('tells a program that ended by itself (with its exit status, even at once) from a pane killed by hand', async () => {
    const { backend, events, tmux } = await start();
    const quick = await backend.createPane({ command: 'exit 3' });
    const host = await backend.createPane({});
    const split = await backend.createPane({
      command: 'sleep 0.2; exit 5',
      placement: { kind: 'split', paneId: host.id, vertical: true },
    });
    const killed = await backend.createPane({ command: 'sleep 600' });
    tmux('kill-pane', '-t', killed.id);
    const exits = (paneId: string) => events.filter((e) => e.type === 'pane.exited' && e.paneId === paneId);
    const closed = (paneId: string) => events.some((e) => e.type === 'pane.closed' && e.paneId === paneId);
    await eventually(() => [quick, split, killed].every((p) => closed(p.id)), 15_000, 'three closes');
    // tmux 3.3a under load may never learn a dead pane's status (pane-deaths.ts): then the end comes without it.
    const status = (paneId: string) =>
      exits(paneId).map((e) => (e.type === 'pane.exited' ? e.exitStatus : null));
    expect(exits(quick.id)).toMatchObject([{ endedByItself: true }]);
    expect([[3], [undefined]]).toContainEqual(status(quick.id));
    expect(exits(split.id)).toMatchObject([{ endedByItself: true }]);
    expect([[5], [undefined]]).toContainEqual(status(split.id));
    expect(exits(killed.id)).toEqual([{ type: 'pane.exited', paneId: killed.id }]);
    expect((await backend.listPanes()).map((p) => p.id)).toEqual([host.id]);
  });

  it('reports a program that ends as exited and closed, and a window a person opens as a new pane', async () => {
    const { backend, events, tmux } = await start();
    const pane = await backend.createPane({ command: 'sleep 0.3' });
    await eventually(
      () => events.some((e) => e.type === 'pane.closed' && e.paneId === pane.id),
      10_000,
      'pane.closed',
    );
    const order = events
      .filter(
        (e) =>
          'paneId' in e && e.paneId === pane.id && (e.type === 'pane.exited' || e.type === 'pane.closed'),
      )
      .map((e) => e.type);
    expect(order).toEqual(['pane.exited', 'pane.closed']);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'pane.exited', paneId: pane.id, endedByItself: true }),
    );
    const opened = tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-t', 'switchboard:').stdout.trim();
    await eventually(
      () => events.some((e) => e.type === 'pane.created' && e.pane.id === opened),
      10_000,
      'pane.created for the window a person opened',
    );
  });

  it('lays out twelve live panes in one tab and brings them back, keeping every process', async () => {
    const { backend } = await start();
    const first = await backend.createPane({});
    const others = [];
    for (let i = 0; i < 11; i++)
      others.push(await backend.createPane({ placement: { kind: 'tab', windowId: first.windowId } }));
    const before = (await backend.listPanes()).map((p) => [p.id, p.pid]).sort();
    const ids = [first, ...others].map((p) => p.id);
    const row = (slice: string[]) => ({
      kind: 'split' as const,
      vertical: true,
      children: slice.map((paneId) => ({ kind: 'pane' as const, paneId })),
    });
    const grid = {
      kind: 'split' as const,
      vertical: false,
      children: [row(ids.slice(0, 4)), row(ids.slice(4, 8)), row(ids.slice(8))],
    };
    await backend.applyLayout({
      windows: [{ windowId: first.windowId, tabs: [{ tabId: first.tabId, root: grid }] }],
    });
    expect((await backend.getLayout()).windows[0]!.tabs).toEqual([{ tabId: first.tabId, root: grid }]);
    const spread = {
      windows: [
        {
          windowId: first.windowId,
          tabs: ids.map((paneId, i) => ({
            ...(i === 0 ? { tabId: first.tabId } : {}),
            root: { kind: 'pane' as const, paneId },
          })),
        },
      ],
    };
    await backend.applyLayout(spread);
    expect((await backend.getLayout()).windows[0]!.tabs.map((t) => t.root)).toEqual(
      spread.windows[0]!.tabs.map((t) => t.root),
    );
    expect((await backend.listPanes()).map((p) => [p.id, p.pid]).sort()).toEqual(before);
  });

  it('tells the host when the tmux server goes away and when it is back', async () => {
    const { backend, events, tmux } = await start();
    await backend.createPane({});
    tmux('kill-server');
    await eventually(
      () => events.some((e) => e.type === 'backend.disconnected'),
      10_000,
      'backend.disconnected',
    );
    await eventually(
      () => events.some((e) => e.type === 'backend.reconnected'),
      10_000,
      'backend.reconnected',
    );
    // The re-listing that finds the pane gone runs right after the reconnection is announced.
    await eventually(
      () => events.some((e) => e.type === 'pane.closed'),
      10_000,
      'pane.closed after the reconnection',
    );
    const pane = await backend.createPane({});
    expect((await backend.listPanes()).map((p) => p.id)).toEqual([pane.id]);
  });

  it('a re-listing that was asked before a pane was made does not report that pane closed (the re-list after a reconnect racing a spawn)', async () => {
    const { backend, events, tmux } = await start();
    // The re-listing's answer is held until the new pane exists, as a slow link (ssh) does: tmux lists
    // before it creates, and the answer reaches us while the spawn's new-window is on its way.
    const list = backend.listPanes.bind(backend);
    let held: Promise<void> | undefined;
    let release!: () => void;
    backend.listPanes = async () => {
      const first = held === undefined;
      held ??= new Promise<void>((resolve) => (release = resolve));
      const panes = await list();
      if (first) await held;
      return panes;
    };
    // A window opened from outside makes the backend re-list its panes.
    tmux('new-window', '-d', '-t', 'switchboard:');
    await eventually(() => held !== undefined, 10_000, 'the re-listing under way');
    const spawned = await backend.createPane({});
    const before = events.length;
    release();
    await eventually(
      () => events.slice(before).some((e) => e.type === 'layout.changed'),
      10_000,
      'the re-listing done',
    );
    expect(events).not.toContainEqual({ type: 'pane.closed', paneId: spawned.id });
    // Still watched: its output arrives.
    const done = events.length;
    await backend.sendText(spawned.id, 'echo still-watched\r');
    await eventually(
      () => events.slice(done).some((e) => e.type === 'pane.output' && e.paneId === spawned.id),
      10_000,
      "the new pane's output",
    );
  });
});

suite('TmuxBackend: a re-listing answered together with a close', () => {
  it('does not report the closed pane as new (then closed again) when its listing was answered just before the close', async () => {
    const { backend, dispose } = await startTmux();
    try {
      const events: BackendEvent[] = [];
      backend.onEvent((e) => events.push(e));
      // The re-listing a layout change queues (private: what tmux's notifications start), sent in the same tick as
      // the close: tmux answers both listings in one read, so the re-listing's answer (still holding the pane) is
      // judged just after the close forgot the pane.
      const relist = (backend as unknown as { refresh(): Promise<void> }).refresh.bind(backend);
      for (let round = 0; round < 5; round += 1) {
        const a = await backend.createPane({});
        const b = await backend.createPane({ placement: { kind: 'split', paneId: a.id, vertical: true } });
        const from = events.length;
        await Promise.all([relist(), backend.closePane(b.id)]);
        await eventually(
          () => events.slice(from).some((e) => e.type === 'pane.closed' && e.paneId === b.id),
          10_000,
          'pane.closed',
        );
        await relist();
        const about = events.slice(from).flatMap((e) => {
          if (e.type === 'pane.created') return e.pane.id === b.id ? ['created'] : [];
          return (e.type === 'pane.closed' || e.type === 'pane.exited') && e.paneId === b.id ? [e.type] : [];
        });
        expect(about, `round ${round}`).toEqual(['pane.closed']);
        await backend.closePane(a.id);
      }
    } finally {
      await backend.close();
      await dispose();
    }
  });
});
