import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent, AgentTemplate } from '@switchboard/protocol';
import { setupFleet } from '../fleet/fleet-fixture';
import { readLaunchFile } from '../fleet/launch-file';

type Spawned = { agents: Agent[]; failed: { name: string; error: string }[] };

describe('agent templates', () => {
  it('saves, lists, replaces and deletes templates, with events; a name clash without replace changes nothing', async () => {
    const { call, events } = setupFleet();
    const saved = await call<AgentTemplate>('template.save', {
      template: {
        name: 'reviewer',
        kind: 'claude',
        role: 'tester',
        model: 'opus',
        task: 'Review the open PR.',
      },
    });
    expect(saved).toMatchObject({
      name: 'reviewer',
      kind: 'claude',
      role: 'tester',
      model: 'opus',
      task: 'Review the open PR.',
    });
    expect(events.at(-1)).toMatchObject({ type: 'template.saved', template: { name: 'reviewer' } });
    await expect(
      call('template.save', { template: { name: 'reviewer', kind: 'shell' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await call<{ templates: AgentTemplate[] }>('template.list', {})).templates).toEqual([saved]);
    await call('template.save', { template: { name: 'reviewer', kind: 'codex' }, replace: true });
    expect(
      (await call<{ templates: AgentTemplate[] }>('template.list', {})).templates.map((t) => [
        t.name,
        t.kind,
        t.model,
      ]),
    ).toEqual([['reviewer', 'codex', undefined]]);
    await call('template.delete', { name: 'reviewer' });
    expect(events.at(-1)).toMatchObject({ type: 'template.deleted', name: 'reviewer' });
    expect((await call<{ templates: AgentTemplate[] }>('template.list', {})).templates).toEqual([]);
    await expect(call('template.delete', { name: 'reviewer' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses templates that cannot spawn: custom without a command, a model for a shell, a worktree without a folder, hostile args', async () => {
    const { call } = setupFleet();
    for (const template of [
      { name: 'a', kind: 'custom' },
      { name: 'b', kind: 'shell', model: 'opus' },
      { name: 'c', kind: 'claude', worktree: { base: 'main' } },
      { name: 'd', kind: 'claude', args: ['--ok', 'evil\u001b[2J'] },
      { name: 'e', kind: 'claude', model: '--dangerously-skip-permissions' },
      { name: 'f', kind: 'claude', cwd: 'relative/path' },
    ]) {
      await expect(call('template.save', { template }), template.name).rejects.toMatchObject({
        code: 'invalid_input',
      });
    }
    expect((await call<{ templates: AgentTemplate[] }>('template.list', {})).templates).toEqual([]);
  });

  it("spawns N agents from a template with the lowest free numbers, in the template's team and folder", async () => {
    const { call, team } = setupFleet();
    await call('team.create', { name: 'qa' });
    await call('template.save', {
      template: { name: 'reviewer', kind: 'shell', role: 'tester', team: 'qa', cwd: '/tmp' },
    });
    const first = await call<Spawned>('template.spawn', { template: 'reviewer', count: 3 });
    expect(first.failed).toEqual([]);
    expect(first.agents.map((a) => [a.name, a.teamId, a.role, a.cwd])).toEqual(
      ['reviewer-1', 'reviewer-2', 'reviewer-3'].map((name) => [name, team('qa').id, 'tester', '/tmp']),
    );
    await call('agent.close', { agent: 'reviewer-2' });
    const more = await call<Spawned>('template.spawn', { template: 'reviewer', count: 2, namePrefix: 'rev' });
    expect(more.agents.map((a) => a.name)).toEqual(['rev-1', 'rev-2']);
    const refill = await call<Spawned>('template.spawn', { template: 'reviewer', count: 2 });
    expect(refill.agents.map((a) => a.name)).toEqual(['reviewer-2', 'reviewer-4']);
    await expect(call('template.spawn', { template: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('template.spawn', { template: 'reviewer', count: 51 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('agent.spawn with model, args and folders', () => {
  it("puts the model and each argument on the CLI's command line as single shell words", async () => {
    const { call, dataDir } = setupFleet();
    const agent = await call<Agent>('agent.spawn', {
      name: 'c1',
      kind: 'claude',
      model: 'claude-opus-4',
      args: ['--verbose', 'x; touch /tmp/pwned'],
    });
    expect(agent.command).toBe("claude --model claude-opus-4 --verbose 'x; touch /tmp/pwned'");
    // The memory terminal runs nothing, so the launcher never consumed the agent's file: the CLI command is in it
    // (followed by the per-agent wiring flags, e.g. Claude Code's --mcp-config).
    const secrets = readLaunchFile(join(dataDir, 'agents', `${agent.id}.launch`));
    expect(secrets.command.startsWith(agent.command!)).toBe(true);
    const plain = await call<Agent>('agent.spawn', { name: 'c2', kind: 'codex' });
    expect(plain.command).toBeNull();
    await expect(call('agent.spawn', { name: 's1', kind: 'shell', model: 'x' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('lists the folders agents were spawned in, newest first, each once', async () => {
    const { call } = setupFleet();
    // Spawning checks that a working folder exists: two real ones.
    const [one, two] = [mkdtempSync(join(tmpdir(), 'sb-one-')), mkdtempSync(join(tmpdir(), 'sb-two-'))];
    await call('agent.spawn', { name: 'a', cwd: one });
    await call('agent.spawn', { name: 'b', cwd: two });
    await call('agent.spawn', { name: 'c', cwd: one });
    await call('agent.spawn', { name: 'd' });
    // A folder that does not exist is refused before any pane is made, with its name.
    await expect(call('agent.spawn', { name: 'e', cwd: join(one, 'gone') })).rejects.toMatchObject({
      code: 'invalid_input',
      message: `The working folder "${join(one, 'gone')}" does not exist`,
    });
    const { folders } = await call<{ folders: string[] }>('folder.listRecent', {});
    expect(folders).toEqual([one, two]);
    expect((await call<{ folders: string[] }>('folder.listRecent', { limit: 1 })).folders).toEqual([one]);
  });
});

describe('adopting panes', () => {
  it('lists live panes no agent owns; an adopted one leaves the list', async () => {
    const { call, backend } = setupFleet();
    await call('agent.spawn', { name: 'managed' });
    const stray = await backend.createPane({ command: 'vim notes.txt' });
    const listed = await call<{ sessions: { pane: string }[] }>('pane.listUnmanaged', {});
    expect(listed.sessions.map((s) => s.pane)).toEqual([stray.id]);
    await call('agent.adopt', { pane: stray.id, name: 'adopted' });
    expect((await call<{ sessions: unknown[] }>('pane.listUnmanaged', {})).sessions).toEqual([]);
  });
});
