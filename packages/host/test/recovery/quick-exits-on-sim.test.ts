// Programs that end at once, on the embedded iTerm2-API server with real shells: a command that fails at
// once, `exit 3`, a binary not on PATH, and one that ends a moment later. Each is `exited` (its program
// ended), never `lost` (a pane that went away): their end can come before the spawn's bookkeeping is done.
import { describe, expect, it } from 'vitest';
import { humanCaller, type Agent, type RecoveryLogEntry } from '@switchboard/protocol';
import { hostAndModelPerTest, startEmbeddedHost, until } from '../health/support/embedded-stack';

describe('a program that ends right after its spawn is exited, not lost (embedded server, real shells)', () => {
  const live = hostAndModelPerTest();

  // iTerm2 tells no exit status (tmux does: tmux-bridge/test/fleet-on-tmux.test.ts).
  const commands = ['false', 'exit 3', 'switchboard-no-such-binary-here', 'sleep 0.2; exit 1'];
  for (const command of commands)
    it(`\`${command}\`: exited, its pane gone, reported as an exit`, async () => {
      const host = (live.host = await startEmbeddedHost());
      const call = <T>(name: string, input: unknown) =>
        host.orchestrator.invoke(humanCaller, name, input) as Promise<T>;
      const agent = await call<Agent>('agent.spawn', { name: 'quick', kind: 'custom', command });
      const now = () => host.orchestrator.fleet.requireAgent(agent.id);
      await until(
        () => now().paneId === null || undefined,
        30_000,
        () => JSON.stringify(now()),
      );
      expect(now()).toMatchObject({ state: 'exited', paneId: null });
      const rows = async () =>
        (await call<{ entries: RecoveryLogEntry[] }>('recovery.log', { limit: 10 })).entries;
      await until(
        async () => (await rows()).length > 0 || undefined,
        10_000,
        async () => JSON.stringify(await rows()),
      );
      expect((await rows()).map((e) => `${e.action}:${e.trigger}`)).toEqual(['detected:exited']);
      expect(now()).toMatchObject({ state: 'exited', paneId: null });
      // Not brought back by a restore (the one a start runs too: restore-at-start.ts), which starts the lost only.
      expect(await call('fleet.restore', {})).toEqual({ restored: [], failed: [] });
    }, 60_000);
});
