import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent } from '@switchboard/core';
import { eventually } from '@switchboard/core/testing';
import { startSimWithBackend, type SimAndBackend } from './sim-backend';

let sim: SimAndBackend | undefined;
afterEach(async () => {
  await sim?.dispose();
  sim = undefined;
});

describe("a pane's jobName follows its foreground program, as iTerm2's does", () => {
  it('a client watching jobName hears the change from the launching shell to the program it starts', async () => {
    sim = await startSimWithBackend({ watchVariables: ['jobName'] });
    const events: BackendEvent[] = [];
    sim.backend.onEvent((event) => events.push(event));
    // sh runs the command line, then becomes bash: what a listing read at once says is the launcher's name.
    const pane = await sim.backend.createPane({ command: 'sleep 1; exec /bin/bash --norc --noprofile' });
    expect(await sim.backend.getVariable(pane.id, 'jobName')).toBe('/bin/sh');
    const changedTo = (name: string) =>
      events.some(
        (e) =>
          e.type === 'variable.changed' && e.paneId === pane.id && e.name === 'jobName' && e.value === name,
      ) || undefined;
    await eventually(() => changedTo('/bin/bash'), 10_000, 'jobName /bin/bash notified');
    expect(await sim.backend.getVariable(pane.id, 'jobName')).toBe('/bin/bash');
  });
});
