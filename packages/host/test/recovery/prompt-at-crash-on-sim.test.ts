import { describe, expect, it } from 'vitest';
import type { Approval } from '@switchboard/protocol';
import { until } from '../health/support/embedded-stack';
import {
  agentOf,
  call,
  dataWithClaude,
  forgetHosts,
  hook,
  hostsPerTest,
  openItems,
  screen,
  start,
  stateIs,
} from './support/claude-stand-in';

hostsPerTest();

// Claude Code at a permission prompt when the host died (its pane with it): the prompt's approval item must not be
// answered into the new pane, and the resumed agent must get one item — here (the resumed screen shows no prompt,
// as 2.1.328's does: the last user prompt above the input box) `turn_interrupted`, "waiting for input mid-turn".
describe('an agent at a permission prompt when its pane ended with the host', () => {
  it('comes back with its turn cut off: the old approval is withdrawn, not answered; one item, not two', async () => {
    const { dataDir, claude } = dataWithClaude();
    const first = await start(dataDir);
    await call(first, 'agent.spawn', { name: 'mia', kind: 'claude', command: claude });
    await stateIs(first, 'mia', 'idle');
    await call(first, 'pane.send', { targets: ['mia'], text: 'Ask first.' });
    await hook(first, 'mia', 'UserPromptSubmit');
    const mia = (await agentOf(first, 'mia')).id;
    const pending = async (host: typeof first) =>
      (await call(host, 'approval.list', { status: 'pending' })).approvals.filter(
        (a: Approval) => a.requester === mia,
      );
    const [asked] = await until(
      async () => ((await pending(first)).length === 1 ? pending(first) : undefined),
      60_000,
      () => screen(first, 'mia'),
    );
    expect(asked!.kind).toBe('permission');
    await first.close();
    forgetHosts();

    const second = await start(dataDir);
    const item = await until(
      async () => (await openItems(second, 'mia')).find((i) => i.kind === 'turn_interrupted'),
      60_000,
      async () =>
        JSON.stringify({ items: await openItems(second, 'mia'), screen: await screen(second, 'mia') }),
    );
    expect(item.body).toContain('it was waiting for input mid-turn');
    expect(await screen(second, 'mia')).toMatch(/--resume sess-mia/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // One item for the person: the cut-off turn; the old prompt's approval is no longer pending, nothing typed.
    expect((await openItems(second, 'mia')).map((i) => i.kind)).toEqual(['turn_interrupted']);
    expect(await pending(second)).toEqual([]);
    const approved = (await call(second, 'approval.list', { status: 'approved' })).approvals;
    expect(approved.map((a: Approval) => a.id)).not.toContain(asked!.id);
    expect(await screen(second, 'mia')).not.toContain('TURN:');
  }, 180_000);
});
