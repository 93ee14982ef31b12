import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { SwitchboardError } from '@switchboard/protocol';
import type { AgentWorktree } from '@switchboard/protocol';
import type { MachineCommandResult } from '../ports/terminal-backend';

/** Where git runs: this machine, or a remote host's over its connection (agent-worktree.ts). */
export interface GitMachine {
  /** `git -C cwd …args`, never through a shell, never prompting, never throwing for git's own failure. */
  git(cwd: string, args: readonly string[]): Promise<MachineCommandResult>;
  exists(path: string): Promise<boolean>;
}

/** This machine: git without a shell (arguments are never interpreted), with a timeout, never throwing. */
export const thisMachine: GitMachine = {
  git(cwd, args) {
    return new Promise((resolve) => {
      execFile(
        'git',
        ['-C', cwd, ...args],
        { timeout: 60_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
        (error, stdout, stderr) => {
          resolve({ ok: !error, stdout: String(stdout).trim(), stderr: String(stderr).trim() });
        },
      );
    });
  },
  exists: (path) => Promise.resolve(existsSync(path)),
};

export interface WorktreeRequest {
  /** A directory inside the repository to branch from. */
  cwd: string;
  branch: string;
  base: string;
  /** Where to check out; a default under `defaultRoot` when absent. */
  path?: string;
  defaultRoot: string;
}

/** `git worktree add -b <branch> <path> <base>`; refuses with a reason and leaves nothing behind on failure. */
export async function addWorktree(
  request: WorktreeRequest,
  machine: GitMachine = thisMachine,
): Promise<AgentWorktree> {
  const top = await machine.git(request.cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok)
    throw new SwitchboardError('invalid_input', `${request.cwd} is not inside a git repository`, {
      hint: 'Give `cwd` a directory of the repository to branch from.',
    });
  const repository = top.stdout;
  const base = await machine.git(repository, [
    'rev-parse',
    '--verify',
    '--quiet',
    `${request.base}^{commit}`,
  ]);
  if (!base.ok)
    throw new SwitchboardError('invalid_input', `No commit "${request.base}" in ${repository}`, {
      hint: 'worktree.base must name a branch, tag or commit.',
    });
  const exists = await machine.git(repository, [
    'rev-parse',
    '--verify',
    '--quiet',
    `refs/heads/${request.branch}`,
  ]);
  if (exists.ok)
    throw new SwitchboardError('conflict', `Branch "${request.branch}" already exists in ${repository}`, {
      hint: 'Pick a new branch name.',
    });
  const path =
    request.path ??
    posix.join(request.defaultRoot, `${posix.basename(repository)}-${request.branch.replace(/\//g, '-')}`);
  if (await machine.exists(path))
    throw new SwitchboardError('conflict', `${path} already exists`, { hint: 'Pick another worktree path.' });
  const added = await machine.git(repository, [
    'worktree',
    'add',
    '-b',
    request.branch,
    '--',
    path,
    request.base,
  ]);
  if (!added.ok)
    throw new SwitchboardError(
      'invalid_input',
      `git worktree add failed: ${added.stderr.split('\n').at(-1) ?? 'unknown error'}`,
    );
  return { path, branch: request.branch, base: request.base, repository };
}

/**
 * Removes an agent's worktree. Without `force`, a worktree with uncommitted changes is kept (git
 * refuses), and the reason is returned; the branch is always kept, so committed work is never lost.
 */
export async function removeWorktree(
  worktree: AgentWorktree,
  machine: GitMachine = thisMachine,
): Promise<{ removed: boolean; reason?: string }> {
  if (!(await machine.exists(worktree.path))) {
    await machine.git(worktree.repository, ['worktree', 'prune']);
    return { removed: true };
  }
  const removed = await machine.git(worktree.repository, ['worktree', 'remove', '--', worktree.path]);
  if (removed.ok) return { removed: true };
  return { removed: false, reason: removed.stderr.split('\n').at(-1) || 'git worktree remove failed' };
}
