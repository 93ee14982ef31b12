import { describe, expect, it } from 'vitest';
import { SwitchboardError, type Host } from '@switchboard/protocol';
import { eventFor } from '@switchboard/protocol';
import { setupFleet } from '../fleet/fleet-fixture';

const hostsOf = async (call: ReturnType<typeof setupFleet>['call']) =>
  (await call<{ hosts: Host[] }>('host.list', {})).hosts;

describe('hosts registry (host.add | list | remove)', () => {
  it('adds, lists and removes hosts, emitting human-only events', async () => {
    const { call, events } = setupFleet();
    const added = await call<Host>('host.add', {
      name: 'build-box',
      url: 'ssh://dev@build.example.com:2222',
    });
    expect(added).toMatchObject({ name: 'build-box', url: 'ssh://dev@build.example.com:2222' });
    await call('host.add', { name: 'gpu', url: 'ssh://me@[::1]' });
    expect((await hostsOf(call)).map((h) => h.name)).toEqual(['build-box', 'gpu']);
    await call('host.remove', { name: 'gpu' });
    expect((await hostsOf(call)).map((h) => h.name)).toEqual(['build-box']);

    const hostEvents = events.filter((e) => e.type.startsWith('host.'));
    expect(hostEvents.map((e) => e.type)).toEqual(['host.added', 'host.added', 'host.removed']);
    // An agent never sees where the machines are or how they are reached.
    for (const event of hostEvents)
      expect(eventFor({ kind: 'agent', id: 'some-agent' }, event)).toBeUndefined();
  });

  const hostile: [string, unknown][] = [
    ['a password in the URL', { name: 'x', url: 'ssh://me:secret@box' }],
    ['an option smuggled as the user', { name: 'x', url: 'ssh://-oProxyCommand=touch@box' }],
    ['an option smuggled as the host', { name: 'x', url: 'ssh://me@-oProxyCommand=sh' }],
    ['a shell metacharacter', { name: 'x', url: 'ssh://me@box;rm -rf ~' }],
    ['a path', { name: 'x', url: 'ssh://me@box/home/me' }],
    ['another scheme', { name: 'x', url: 'http://me@box' }],
    ['no user', { name: 'x', url: 'ssh://box' }],
    ['a port out of range', { name: 'x', url: 'ssh://me@box:70000' }],
    ['a newline', { name: 'x', url: 'ssh://me@box\nProxyCommand sh' }],
    ['a huge URL', { name: 'x', url: `ssh://me@${'a'.repeat(100_000)}` }],
    ['a slash in the name', { name: 'a/b', url: 'ssh://me@box' }],
    ['the reserved name local', { name: 'Local', url: 'ssh://me@box' }],
    ['an unknown field', { name: 'x', url: 'ssh://me@box', password: 'p' }],
  ];
  it.each(hostile)('refuses %s with invalid_input, storing nothing', async (_why, input) => {
    const { call, events } = setupFleet();
    const error = await call('host.add', input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwitchboardError);
    expect((error as SwitchboardError).code).toBe('invalid_input');
    expect(await hostsOf(call)).toEqual([]);
    expect(events.filter((e) => e.type.startsWith('host.'))).toEqual([]);
  });

  it('refuses a duplicate name (any case) and removing an unknown host, changing nothing', async () => {
    const { call } = setupFleet();
    await call('host.add', { name: 'box', url: 'ssh://me@box' });
    await expect(call('host.add', { name: 'BOX', url: 'ssh://you@other' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(call('host.remove', { name: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await hostsOf(call)).toMatchObject([{ name: 'box', url: 'ssh://me@box' }]);
  });

  it('is human-only: an agent calling host.* is refused', async () => {
    const { call, orchestrator } = setupFleet();
    const agent = await call<{ id: string }>('agent.spawn', { name: 'worker' });
    const caller = { kind: 'agent', id: agent.id } as const;
    for (const [name, input] of [
      ['host.add', { name: 'x', url: 'ssh://me@box' }],
      ['host.list', {}],
      ['host.remove', { name: 'x' }],
    ] as const)
      await expect(orchestrator.invoke(caller, name, input)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await hostsOf(call)).toEqual([]);
  });

  it('keeps hosts across a restart on the same database', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const databasePath = join(mkdtempSync(join(tmpdir(), 'sb-hosts-')), 'db.sqlite');
    const first = setupFleet({ databasePath });
    await first.call('host.add', { name: 'box', url: 'ssh://me@box:2200' });
    await first.orchestrator.close();
    const second = setupFleet({ databasePath });
    expect(await hostsOf(second.call)).toMatchObject([{ name: 'box', url: 'ssh://me@box:2200' }]);
    await second.orchestrator.close();
  });
});
