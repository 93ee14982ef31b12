import { SendMessageInput, SpawnAgentInput, humanCaller } from '@switchboard/protocol';
import type { Agent, ApprovalPayload } from '@switchboard/protocol';
import type { ApprovalQueue } from '../approvals/approval-service';
import type { FleetService } from '../fleet/fleet-service';
import type { MessagingService } from '../messages/messaging-service';
import type { PaneInputGate } from '../panes/input-gate/pane-input-gate';
import type { TerminalBackend } from '../ports/terminal-backend';

/** What each ladder step does to an agent; each returns a line for the log, or throws. */
export interface RecoveryActions {
  nudge(agent: Agent, text: string, via: 'message' | 'text'): Promise<string>;
  interrupt(agent: Agent): Promise<string>;
  restart(agent: Agent, resume: boolean): Promise<string>;
  replace(agent: Agent): Promise<string>;
  /** Raises an approval item for the human; returns its id. */
  escalate(agent: Agent, summary: string, payload: ApprovalPayload): Promise<string>;
}

export interface RecoveryActionDeps {
  fleet: FleetService;
  messages: MessagingService;
  backend: TerminalBackend;
  /** Nudges and Ctrl+C are pane writes: refused while a prompt is up or the human has control. */
  gate: PaneInputGate;
  approvals: ApprovalQueue;
  /** The conversation a resuming restart of the agent continues (its own, as its CLI reported it), if any. */
  resumableSession: (agent: Agent) => string | undefined;
}

/** The CLIs whose conversation a restart can resume. */
const RESUMING_KINDS: readonly Agent['kind'][] = ['claude', 'codex', 'gemini'];

/** Escalations wait a week at most (the queue's limit), then count as "leave it". */
const ESCALATION_EXPIRY_MS = 7 * 24 * 3_600_000;

/** A free name for a replacement: `builder-1` → `builder-1-r2`, `builder-1-r2` → `builder-1-r3`, … */
export function replacementName(name: string, taken: (name: string) => boolean): string {
  const base = name.replace(/-r\d+$/, '');
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 60)}-r${n}`;
    if (!taken(candidate)) return candidate;
  }
}

/** The ladder's steps over the real services: messaging, the terminal backend, the fleet and the approval queue. */
export function createRecoveryActions(deps: RecoveryActionDeps): RecoveryActions {
  const { fleet, messages, backend, gate, approvals, resumableSession } = deps;
  return {
    async nudge(agent, text, via) {
      if (via === 'text') {
        if (!agent.paneId) throw new Error('the agent has no pane to type into');
        await gate.write({
          paneId: agent.paneId,
          origin: { kind: 'recovery', step: 'nudge' },
          text,
          submit: true,
        });
        return 'typed the nudge into its pane';
      }
      const sent = messages.send(
        humanCaller,
        SendMessageInput.parse({
          to: { agent: agent.id },
          kind: 'notification',
          body: text,
          priority: 'high',
          dedupe: false,
        }),
      );
      const typed = sent.deliveries.length > 0 && ['claude', 'codex', 'gemini'].includes(agent.kind);
      return typed ? 'sent a message (typed into its pane)' : 'sent a message to its inbox';
    },
    async interrupt(agent) {
      if (!agent.paneId) throw new Error('the agent has no pane');
      await gate.write({
        paneId: agent.paneId,
        origin: { kind: 'recovery', step: 'interrupt' },
        keys: ['ctrl+c'],
      });
      return 'pressed Ctrl+C in its pane';
    },
    async restart(agent, resume) {
      // Resuming continues this agent's own conversation (Claude Code, Codex, Gemini CLI), never the folder's newest.
      const resumes = resume && RESUMING_KINDS.includes(agent.kind);
      const session = resumes ? resumableSession(agent) : undefined;
      const how = session
        ? `, resuming its conversation ${session}`
        : resumes
          ? ' (no conversation recorded to resume: a fresh one)'
          : '';
      // An ended process's pane may stay open (alive: false): it restarts in place. A closed one cannot.
      const open =
        agent.paneId !== null && (await backend.listPanes()).some((pane) => pane.id === agent.paneId);
      if (!open) {
        // The pane went with the process (iTerm2 closes sessions on end by default): a new pane at its place.
        await fleet.restart(agent.id, resume);
        return `started again in a new pane at its place (its pane had closed)${how}`;
      }
      await fleet.restartInPane(agent.id, resume);
      return `restarted its command in the same pane${how}`;
    },
    async replace(agent) {
      const name = replacementName(
        agent.name,
        (candidate) => fleet.repository.findAgent(candidate) !== undefined,
      );
      const spawn = SpawnAgentInput.parse({
        name,
        kind: agent.kind,
        role: agent.role,
        ...(agent.command === null ? {} : { command: agent.command }),
        ...(agent.cwd === null ? {} : { cwd: agent.cwd }),
        ...(agent.teamId === null ? {} : { team: agent.teamId }),
      });
      const { agent: replacement } = await fleet.spawn(spawn, { privateFrom: agent.id });
      const redelivered = messages.redeliver(agent.id, replacement.id);
      // The replacement works in the same folder: a worktree stays for it.
      await fleet.close(agent.id, true);
      return `replaced by ${replacement.name} (${replacement.id}); ${redelivered} un-acknowledged message(s) re-delivered`;
    },
    async escalate(agent, summary, payload) {
      const approval = approvals.raise(
        { kind: 'agent', id: agent.id },
        {
          kind: 'escalation',
          summary,
          payload,
          choices: ['retry recovery', 'leave it'],
          expiresInMs: ESCALATION_EXPIRY_MS,
          onExpiry: 'deny',
        },
      );
      return approval.id;
    },
  };
}
