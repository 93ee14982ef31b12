import { posix } from 'node:path';
import type { Agent, AgentWorktree } from '@switchboard/protocol';
import type { RemoteMachine } from '../ports/terminal-backend';
import { machineOf } from './agent-launch';
import type { FleetDeps } from './fleet-service';
import { addWorktree, removeWorktree, type GitMachine } from './git-worktree';

type WorktreeDeps = Pick<FleetDeps, 'backend' | 'worktreeRoot'>;

/** How long one git command on a remote machine may take (as locally) before it counts as failed. */
const REMOTE_GIT_TIMEOUT_MS = 60_000;

/** git on a remote machine, run there over the host's own connection (docs/remote.md), never prompting. */
export function gitOn(machine: RemoteMachine): GitMachine {
  return {
    git: (cwd, args) =>
      machine.run(['env', 'GIT_TERMINAL_PROMPT=0', 'git', '-C', cwd, ...args], {
        cwd: '/',
        timeoutMs: REMOTE_GIT_TIMEOUT_MS,
      }),
    exists: async (path) => (await machine.run(['test', '-e', path], { cwd: '/' })).ok,
  };
}

/**
 * An agent's new worktree, made on the machine it will run on: this one (default folder: the data
 * folder's `worktrees`), or its remote host (`~/.switchboard/worktrees` there), where `cwd` is a path.
 */
export async function addAgentWorktree(
  deps: WorktreeDeps,
  request: { cwd: string; branch: string; base: string; path?: string | undefined },
  host: string | undefined,
): Promise<AgentWorktree> {
  const { path, ...rest } = request;
  const asked = path === undefined ? rest : { ...rest, path };
  if (host === undefined) return addWorktree({ ...asked, defaultRoot: deps.worktreeRoot });
  const machine = await machineOf(deps, host);
  return addWorktree({ ...asked, defaultRoot: posix.join(machine.dataDir, 'worktrees') }, gitOn(machine));
}

/**
 * Removes an agent's worktree where it lives. On a remote host that cannot be reached now, it stays
 * (with the reason): closing an agent never waits for a host to come back.
 */
export async function removeAgentWorktree(
  deps: WorktreeDeps,
  agent: Pick<Agent, 'host'> & { worktree: AgentWorktree },
): Promise<{ removed: boolean; reason?: string }> {
  if (agent.host === undefined) return removeWorktree(agent.worktree);
  try {
    return await removeWorktree(agent.worktree, gitOn(await machineOf(deps, agent.host)));
  } catch (error) {
    return { removed: false, reason: `host "${agent.host}": ${(error as Error).message}` };
  }
}

/** What closing an agent did to its worktree (nothing without one): kept on request, or removed where it lives. */
export async function closeAgentWorktree(
  deps: WorktreeDeps,
  agent: Pick<Agent, 'host' | 'worktree'>,
  keep: boolean,
): Promise<{ path: string; removed: boolean; reason?: string } | undefined> {
  const { worktree } = agent;
  if (!worktree) return undefined;
  if (keep) return { path: worktree.path, removed: false, reason: 'kept on request' };
  return { path: worktree.path, ...(await removeAgentWorktree(deps, { ...agent, worktree })) };
}
