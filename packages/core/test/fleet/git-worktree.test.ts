import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agent } from '@switchboard/protocol';
import { setupFleet } from './fleet-fixture';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

function tempRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'sb-repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'test@example.invalid');
  git(repo, 'config', 'user.name', 'Test');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  git(repo, 'add', 'README.md');
  git(repo, 'commit', '-q', '-m', 'first');
  return repo;
}

describe('agent worktrees (real git)', () => {
  it('spawns into a new worktree on a new branch from the base, and removes it on close (branch kept)', async () => {
    const repo = tempRepository();
    const { call, backend } = setupFleet();
    const agent = await call<Agent>('agent.spawn', {
      name: 'w',
      cwd: repo,
      worktree: { branch: 'agent/w', base: 'main' },
    });
    expect(agent.worktree).toMatchObject({ branch: 'agent/w', base: 'main', repository: repo });
    expect(agent.cwd).toBe(agent.worktree!.path);
    expect(existsSync(join(agent.worktree!.path, 'README.md'))).toBe(true);
    expect(git(agent.worktree!.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('agent/w');
    expect(backend.inspect(agent.paneId!).cwd).toBe(agent.worktree!.path);
    const closed = await call('agent.close', { agent: 'w' });
    expect(closed).toEqual({ agentId: agent.id, worktree: { path: agent.worktree!.path, removed: true } });
    expect(existsSync(agent.worktree!.path)).toBe(false);
    expect(git(repo, 'branch', '--list', 'agent/w')).toContain('agent/w');
  });

  it('keeps the worktree when asked, and when it has uncommitted work', async () => {
    const repo = tempRepository();
    const { call } = setupFleet();
    const kept = await call<Agent>('agent.spawn', {
      name: 'k',
      cwd: repo,
      worktree: { branch: 'keep-me', path: join(mkdtempSync(join(tmpdir(), 'sb-wt-')), 'k') },
    });
    expect(await call('agent.close', { agent: 'k', keepWorktree: true })).toMatchObject({
      worktree: { removed: false, reason: 'kept on request' },
    });
    expect(existsSync(kept.worktree!.path)).toBe(true);
    const dirty = await call<Agent>('agent.spawn', { name: 'd', cwd: repo, worktree: { branch: 'dirty' } });
    writeFileSync(join(dirty.worktree!.path, 'README.md'), 'changed\n');
    const closed = await call<{ worktree: { removed: boolean; reason?: string } }>('agent.close', {
      agent: 'd',
    });
    expect(closed.worktree.removed).toBe(false);
    expect(closed.worktree.reason).toMatch(/modified|untracked|changes/);
    expect(existsSync(dirty.worktree!.path)).toBe(true);
  });

  it.each([
    [
      'a directory outside any repository',
      () => ({ cwd: mkdtempSync(join(tmpdir(), 'sb-norepo-')), worktree: { branch: 'x' } }),
      'invalid_input',
    ],
    [
      'an unknown base',
      (repo: string) => ({ cwd: repo, worktree: { branch: 'x', base: 'no-such-branch' } }),
      'invalid_input',
    ],
    ['an existing branch', (repo: string) => ({ cwd: repo, worktree: { branch: 'main' } }), 'conflict'],
  ])('refuses %s and leaves nothing behind', async (_label, input, code) => {
    const repo = tempRepository();
    const { call, state } = setupFleet();
    const before = await state();
    const branches = git(repo, 'branch', '--list');
    await expect(call('agent.spawn', { name: 'x', ...input(repo) })).rejects.toMatchObject({ code });
    expect(await state()).toBe(before);
    expect(git(repo, 'branch', '--list')).toBe(branches);
    expect(git(repo, 'worktree', 'list').split('\n')).toHaveLength(1);
  });
});
