// A dead pane whose status tmux has not reaped waits STATUS_WAIT_MS before its end is reported without it. That
// wait must not outlive the backend: a closed backend runs nothing later (it used to kill-pane on a closed control
// client 2.5 s after close) and never keeps the process alive; a pane respawned meanwhile is not ended by it.
import { describe, expect, it } from 'vitest';
import { PaneEnds, paneDeathOf, type PaneDeath } from '../src/pane-deaths';

const deathLine = (paneId: string, values: string) => `switchboard-deaths $1 @2 0 ${paneId} : ${values}`;
const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
/** Resolves after every timer due within `ms` has run (Node runs timers in the order they are due). */
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function paneEnds(waitMs: number) {
  const ended: PaneDeath[] = [];
  return { ended, ends: new PaneEnds((death) => ended.push(death), waitMs) };
}

describe('the ends of dead panes waiting for their status', () => {
  it('a reaped end goes at once; an unreaped one after the wait, without keeping the process alive', async () => {
    const { ended, ends } = paneEnds(5);
    ends.report(paneDeathOf(deathLine('%1', '1:3:'))!);
    expect(ended).toEqual([{ type: 'pane.exited', paneId: '%1', endedByItself: true, exitStatus: 3 }]);
    const before = timers();
    ends.report(paneDeathOf(deathLine('%2', '1::'))!);
    expect(timers()).toBe(before); // unref'd: not among the handles that keep the event loop alive
    await after(50);
    expect(ended.map((death) => death.paneId)).toEqual(['%1', '%2']);
  });

  it('closed, it runs nothing later', async () => {
    const { ended, ends } = paneEnds(1);
    ends.report(paneDeathOf(deathLine('%3', '1::'))!);
    ends.close();
    await after(50);
    expect(ended).toEqual([]);
  });

  it('a pane respawned while it waits is not ended by the wait; a reaped line ends it once', async () => {
    const { ended, ends } = paneEnds(1);
    ends.report(paneDeathOf(deathLine('%4', '1::'))!);
    ends.forget('%4');
    ends.report(paneDeathOf(deathLine('%5', '1::'))!);
    ends.report(paneDeathOf(deathLine('%5', '1:0:'))!);
    await after(50);
    expect(ended.map((death) => [death.paneId, death.exitStatus])).toEqual([['%5', 0]]);
  });
});
