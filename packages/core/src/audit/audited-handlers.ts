import { commandMetadata } from '@switchboard/protocol';
import type { CommandName } from '@switchboard/protocol';
import type { Handler, HandlerMap } from '../dispatch/handler';
import type { AuditLog, AuditRecord } from './audit-log';

/** Is a call to this command audited per call (the contract's `audit: 'call'`)? */
export function isPrivileged(name: CommandName): boolean {
  return commandMetadata[name].audit === 'call';
}

/**
 * Wraps every handler the contract marks `audit: 'call'` so a successful call appends an audit entry
 * (actor, command, redacted input). Domains that audit inside their own transactions (`domain`) and
 * reads (`none`) are left alone, so nothing is logged twice.
 * The entry follows the handler's commit: a crash in between can lose that one entry, never invent one.
 */
export function auditedHandlers(handlers: HandlerMap, audit: AuditLog): HandlerMap {
  const wrapped: Record<string, Handler<CommandName>> = {};
  for (const [name, handler] of Object.entries(handlers) as [CommandName, Handler<CommandName>][]) {
    if (!isPrivileged(name)) {
      wrapped[name] = handler;
      continue;
    }
    wrapped[name] = async (input, context) => {
      const output = await handler(input, context);
      audit.append(callAuditRecord(name, context.caller, input, output));
      return output;
    };
  }
  return wrapped as HandlerMap;
}

/**
 * The entry for one successful call: actor, command, target, redacted input. Domains that audit inside
 * their own transaction (`audit: 'domain'`, e.g. message.send, so a send is one commit) write this same entry.
 */
export function callAuditRecord(
  name: CommandName,
  caller: AuditRecord['actor'],
  input: unknown,
  output: unknown,
): AuditRecord {
  return {
    actor: caller,
    action: name,
    target: targetOf(output),
    details: { input: loggedInput(name, input, caller.kind) },
  };
}

function targetOf(output: unknown): string | null {
  if (output && typeof output === 'object') {
    const record = output as Record<string, unknown>;
    for (const key of ['id', 'agentId', 'lockId', 'name'])
      if (typeof record[key] === 'string') return record[key];
  }
  return null;
}

/**
 * What the log keeps of an input. Fields the contract marks secret (`secretInput`, e.g. a spawn's `env`)
 * keep only their keys. The person's typing into a pane (the agent detail's terminal sends every
 * keystroke as `pane.send`) may be a password at a prompt no pattern recognises: only its length is
 * kept. An agent's `pane.send` keeps its (redacted) text: what one agent typed into another's pane is
 * exactly what an audit is for.
 */
function loggedInput(name: CommandName, input: unknown, callerKind: string): unknown {
  if (!input || typeof input !== 'object') return input;
  const record = { ...(input as Record<string, unknown>) };
  for (const field of commandMetadata[name].secretInput ?? []) {
    const value = record[field];
    if (value !== undefined)
      record[field] =
        value && typeof value === 'object'
          ? Object.keys(value).map((key) => `${key}=[not logged]`)
          : '[not logged]';
  }
  if (name === 'pane.send' && callerKind === 'human') {
    const text = record['text'];
    record['text'] =
      `[${typeof text === 'string' ? text.length : 0} characters typed by the human, not logged]`;
  }
  return record;
}
