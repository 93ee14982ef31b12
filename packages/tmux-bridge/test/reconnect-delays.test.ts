// The backend waits between reconnection attempts to a tmux server that went away. Those waits must not keep the
// process alive nor outlive the backend: a closed backend ends its wait at once and attaches nothing later.
import { describe, expect, it } from 'vitest';
import { ReconnectDelays } from '../src/reconnect-delays';

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
/** Resolves after every timer due within `ms` has run (Node runs timers in the order they are due). */
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the delays between reconnection attempts', () => {
  it('a wait ends true after its delay, without keeping the process alive', async () => {
    const delays = new ReconnectDelays();
    const before = timers();
    const waited = delays.wait(1);
    expect(timers()).toBe(before); // unref'd: not among the handles that keep the event loop alive
    await after(50);
    await expect(waited).resolves.toBe(true);
  });

  it('closed mid-wait, the wait ends false at once; later waits end false', async () => {
    const delays = new ReconnectDelays();
    let ended: boolean | undefined;
    void delays.wait(5000).then((value) => (ended = value));
    delays.close();
    await Promise.resolve();
    expect(ended).toBe(false);
    await expect(delays.wait(1)).resolves.toBe(false);
  });
});
