import { afterEach, describe, expect, it } from 'vitest';
import { humanCaller } from '@switchboard/protocol';
import { createOrchestrator, type Orchestrator, type ScreenSnapshot } from '../../src/index';
import { scriptedBackend, settle } from '../health/scripted-backend';

// A line longer than the pane's 20 columns: the terminal breaks it over three rows (wraps says so), then a prompt.
const LONG = 'compiling module 17 of 40: src/very/deep/path.ts';
const rows = [LONG.slice(0, 20), LONG.slice(20, 40), LONG.slice(40), '$ '];
const screen: ScreenSnapshot = { lines: rows, cursor: { x: 2, y: 3 }, wraps: [true, true, false, false] };

type Read = { screens: { lines: string[]; totalLines: number; cursor: { x: number; y: number } | null }[] };

describe('pane.read with logical: the lines a program printed, not the rows the terminal broke them into', () => {
  let orchestrator: Orchestrator;
  afterEach(async () => orchestrator?.close());

  it('joins soft-wrapped rows (the cursor on its logical line); without it, rows as before', async () => {
    const scripted = scriptedBackend();
    orchestrator = createOrchestrator({
      databasePath: ':memory:',
      backend: { ...scripted.backend, readScreen: async () => screen },
    });
    await orchestrator.fleet.spawn({ name: 'bob', kind: 'shell', role: 'builder' });
    await settle();
    const read = async (input: object) =>
      ((await orchestrator.invoke(humanCaller, 'pane.read', { targets: ['bob'], ...input })) as Read)
        .screens[0]!;

    expect(await read({ logical: true })).toMatchObject({
      lines: [LONG, '$ '],
      totalLines: 2,
      cursor: { x: 2, y: 1 },
    });
    // The last line with text before the prompt is the whole line, not its tail 'deep/path.ts'.
    expect((await read({ logical: true, lines: 2 })).lines[0]).toBe(LONG);
    expect(await read({})).toMatchObject({ lines: rows, totalLines: 4, cursor: { x: 2, y: 3 } });
  });
});
