import type { CommandName } from '@switchboard/protocol';
import type { Handler, HandlerMap } from '../dispatch/handler';
import type { AuditLog } from './audit-log';

/** Verbs that only read: calls to them are not privileged actions and are not audited. */
const READ_VERBS = new Set(['list', 'get', 'history', 'snapshot', 'search', 'status', 'read', 'show', 'verify', 'wait', 'watches', 'whoami', 'getVariable', 'waitFor']);

/** Calls that change nothing others rely on: frequent self-reports (every tool use fires a hook) and screen subscriptions; heartbeats and reading the recovery log. */
const NOT_PRIVILEGED = new Set<string>(['health.reportHook', 'pane.mirror', 'pane.unmirror', 'health.heartbeat', 'recovery.log']);

/** Commands whose domain writes its own audit entries, in the same transaction as the change. */
const SELF_AUDITED = new Set<string>(['approval.request', 'approval.decide', 'lock.acquire', 'lock.renew', 'lock.release', 'lock.request']);

/** Is a call to this command a privileged action (it changes something)? */
export function isPrivileged(name: string): boolean {
  const verb = name.slice(name.lastIndexOf('.') + 1);
  return !READ_VERBS.has(verb) && !NOT_PRIVILEGED.has(name);
}

/**
 * Wraps every privileged handler so a successful call appends an audit entry (actor, command, redacted
 * input). Domains that audit inside their own transactions are left alone, so nothing is logged twice.
 * The entry follows the handler's commit: a crash in between can lose that one entry, never invent one.
 */
export function auditedHandlers(handlers: HandlerMap, audit: AuditLog): HandlerMap {
  const wrapped: Record<string, Handler<CommandName>> = {};
  for (const [name, handler] of Object.entries(handlers) as [CommandName, Handler<CommandName>][]) {
    if (!isPrivileged(name) || SELF_AUDITED.has(name)) {
      wrapped[name] = handler;
      continue;
    }
    wrapped[name] = async (input, context) => {
      const output = await handler(input, context);
      audit.append({ actor: context.caller, action: name, target: targetOf(output), details: { input: loggedInput(name, input, context.caller.kind) } });
      return output;
    };
  }
  return wrapped as HandlerMap;
}

function targetOf(output: unknown): string | null {
  if (output && typeof output === 'object') {
    const record = output as Record<string, unknown>;
    for (const key of ['id', 'agentId', 'lockId', 'name']) if (typeof record[key] === 'string') return record[key];
  }
  return null;
}

/**
 * What the log keeps of an input. The person's typing into a pane (the agent detail's terminal sends
 * every keystroke as `pane.send`) may be a password at a prompt no pattern recognises: only its length is
 * kept. An agent's `pane.send` keeps its (redacted) text: what one agent typed into another's pane is
 * exactly what an audit is for.
 */
function loggedInput(name: string, input: unknown, callerKind: string): unknown {
  if (name !== 'pane.send' || callerKind !== 'human' || !input || typeof input !== 'object') return input;
  const { text, ...rest } = input as { text?: unknown };
  return { ...rest, text: `[${typeof text === 'string' ? text.length : 0} characters typed by the human, not logged]` };
}
