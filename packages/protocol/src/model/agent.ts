import { z } from 'zod';
import { Id, Name, Timestamp } from './ids';

export const AgentKind = z.enum(['claude', 'codex', 'gemini', 'shell', 'custom']);
export type AgentKind = z.infer<typeof AgentKind>;

/**
 * What an agent is doing. `lost`: its pane vanished while the host was away; it can be respawned.
 * `unreachable`: its terminal host is disconnected; its last known state is in the health history.
 */
export const AgentState = z.enum([
  'starting',
  'working',
  'waiting_for_input',
  'idle',
  'error',
  'exited',
  'hung',
  'lost',
  'unreachable',
  'unknown',
]);
export type AgentState = z.infer<typeof AgentState>;

/** A git worktree made for an agent: a new branch from `base`, checked out at `path`. */
export const AgentWorktree = z.object({
  path: z.string(),
  branch: z.string(),
  base: z.string(),
  repository: z.string().describe('the main checkout the worktree belongs to'),
});
export type AgentWorktree = z.infer<typeof AgentWorktree>;

export const Agent = z.object({
  id: Id,
  name: Name,
  kind: AgentKind,
  command: z.string().nullable().describe('the command line for kind "custom"'),
  cwd: z.string().nullable(),
  teamId: Id.nullable(),
  role: z.string(),
  state: AgentState,
  stateSince: Timestamp,
  paneId: z.string().nullable(),
  position: z.number().int(),
  createdAt: Timestamp,
  worktree: AgentWorktree.nullable().optional(),
  host: z.string().optional().describe('the remote host it runs on (docs/remote.md); absent: this machine'),
});
export type Agent = z.infer<typeof Agent>;

/** Where an agent's current task was read from, strongest first. */
export const AgentTaskSource = z.enum(['plan_step', 'status', 'instruction']);
export type AgentTaskSource = z.infer<typeof AgentTaskSource>;

export const AGENT_TASK_MAX = 200;

/**
 * What an agent is working on, in one line: the plan step it runs, else what it last said it is doing
 * (`health.heartbeat` with a note, MCP `health_heartbeat`), else the last instruction or handoff it
 * acknowledged. Bounded and redacted; seen by the human and the agent itself.
 */
export const AgentTask = z.object({
  agentId: Id,
  text: z.string().min(1).max(AGENT_TASK_MAX),
  source: AgentTaskSource,
  /** The plan step (`plan:<planId>:<stepId>`) or the message id it came from; null for a status note. */
  ref: z.string().max(300).nullable(),
  since: Timestamp,
});
export type AgentTask = z.infer<typeof AgentTask>;
