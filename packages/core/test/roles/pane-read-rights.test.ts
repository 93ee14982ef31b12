import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Role } from '@switchboard/protocol';
import { createWorld, settle } from '../support/world';

/** Every read of a pane's content an agent may call: screen and scrollback, waiting on lines, watching, variables. */
const readsOf = (target: string): [string, Record<string, unknown>][] => [
  ['pane.read', { targets: [target], scrollback: true }],
  ['pane.waitFor', { target, until: 'pattern', pattern: 'secret', timeoutSeconds: 0 }],
  ['pane.watch', { target, pattern: 'secret' }],
  ['pane.getVariable', { target, name: 'task' }],
];

const flagsOf = (roles: Role[]) => Object.fromEntries(roles.map((r) => [r.name, r.canReadOtherPanes]));

describe("pane.read.others: an agent reads its own pane, another's only when its role may", () => {
  it('orchestrators, managers and monitors read other panes by default; the workers do not', async () => {
    const world = createWorld();
    const { roles } = (await world.human('role.list')) as { roles: Role[] };
    expect(flagsOf(roles)).toEqual({
      orchestrator: true,
      manager: true,
      monitor: true,
      devops: false,
      builder: false,
      debugger: false,
      researcher: false,
      tester: false,
      custom: false,
    });
  });

  it("refuses a builder every read of a peer's pane or a pane no agent owns (forbidden, audited, nothing stored)", async () => {
    const world = createWorld();
    const builder = await world.spawn('bob', 'builder');
    await world.spawn('peer', 'tester');
    const loose = await world.backend.createPane({});
    for (const target of ['peer', loose.id]) {
      for (const [name, input] of readsOf(target)) {
        await expect(world.as(builder)(name, input), `${name} ${target}`).rejects.toMatchObject({
          code: 'forbidden',
          details: { missing: 'pane.read.others', role: 'builder' },
        });
      }
    }
    expect(await world.as(builder)('pane.watches')).toEqual({ watches: [] });
    const { entries } = (await world.human('audit.list', { action: 'authorization.denied' })) as {
      entries: AuditEntry[];
    };
    expect(entries[0]).toMatchObject({
      actor: { kind: 'agent', id: builder.id },
      target: 'pane.read',
      outcome: 'denied',
      details: { missing: 'pane.read.others', role: 'builder' },
    });
  });

  it('its own pane needs nothing: no targets, its own name, its own variables', async () => {
    const world = createWorld();
    const builder = await world.spawn('bob', 'builder');
    const own = world.orchestrator.fleet.requireAgent('bob');
    await world.backend.sendText(own.paneId!, 'bob builds\r\n');
    await expect(world.as(builder)('pane.read', {})).resolves.toMatchObject({
      screens: [{ agentId: builder.id, lines: ['bob builds'] }],
    });
    for (const [name, input] of readsOf('bob')) {
      const answer = world.as(builder)(name, input);
      await settle();
      world.clock.advance(1); // pane.waitFor's timeout runs on the fake clock
      await expect(answer, name).resolves.toBeDefined();
    }
  });

  it('a monitor reads a peer; the human grants a builder the flag with role.update, and takes it back', async () => {
    const world = createWorld();
    const monitor = await world.spawn('mo', 'monitor');
    const builder = await world.spawn('bob', 'builder');
    const peer = await world.spawn('peer', 'tester');
    await world.backend.sendText(world.orchestrator.fleet.requireAgent('peer').paneId!, 'peer works\r\n');
    const read = { targets: ['peer'] };
    await expect(world.as(monitor)('pane.read', read)).resolves.toMatchObject({
      screens: [{ agentId: peer.id, lines: ['peer works'] }],
    });
    await expect(
      world.human('role.update', { name: 'builder', canReadOtherPanes: true }),
    ).resolves.toMatchObject({ canReadOtherPanes: true, canWriteOtherPanes: false });
    await expect(world.as(builder)('pane.read', read)).resolves.toMatchObject({
      screens: [{ lines: ['peer works'] }],
    });
    await world.human('role.update', { name: 'builder', canReadOtherPanes: false });
    await expect(world.as(builder)('pane.read', read)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a watch tells another agent only one the watcher may message and that may read the pane itself', async () => {
    const world = createWorld();
    const monitor = await world.spawn('mo', 'monitor');
    const boss = await world.spawn('boss', 'orchestrator');
    await world.spawn('bob', 'builder');
    await world.spawn('peer', 'tester');
    const watch = (target: string, notify: string) => ({ target, pattern: 'secret', notify });
    // A monitor may read the peer but message only orchestrators: no watch fills a builder's inbox.
    await expect(world.as(monitor)('pane.watch', watch('peer', 'bob'))).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'message:builder', role: 'monitor' },
    });
    // An orchestrator may message the builder, but the builder may not read the peer's pane.
    await expect(world.as(boss)('pane.watch', watch('peer', 'bob'))).rejects.toMatchObject({
      code: 'forbidden',
      details: { missing: 'pane.read.others', role: 'builder' },
    });
    const { entries } = (await world.human('audit.list', { action: 'authorization.denied' })) as {
      entries: AuditEntry[];
    };
    expect(entries.map((e) => [e.actor.id, e.target])).toEqual([
      [monitor.id, 'message'],
      [boss.id, 'pane.watch'],
    ]);
    expect(await world.human('pane.watches')).toEqual({ watches: [] });
    // Its own pane, or a monitor told of a peer's (it may read it): allowed.
    await expect(world.as(boss)('pane.watch', watch('bob', 'bob'))).resolves.toMatchObject({
      paneId: expect.any(String),
    });
    await expect(world.as(boss)('pane.watch', watch('peer', 'mo'))).resolves.toMatchObject({
      paneId: expect.any(String),
    });
  });

  it('an older database gets the flag by migration: orchestrator, manager and monitor only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-read-rights-'));
    const path = join(dir, 'switchboard.db');
    try {
      await createWorld(path).orchestrator.close();
      const db = new Database(path);
      db.exec(`ALTER TABLE roles DROP COLUMN can_read_other_panes;
        DELETE FROM schema_migrations WHERE domain = 'roles' AND version = 4;`);
      db.close();
      const world = createWorld(path);
      const { roles } = (await world.human('role.list')) as { roles: Role[] };
      expect(roles.filter((r) => r.canReadOtherPanes).map((r) => r.name)).toEqual([
        'orchestrator',
        'manager',
        'monitor',
      ]);
      await world.orchestrator.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
