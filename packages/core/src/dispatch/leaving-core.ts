import { Caller, commandMetadata, isCommandName, outputFor, type ViewerRights } from '@switchboard/protocol';
import { redactDeep } from '../secrets/redact';

/**
 * An output on its way out: narrowed to what the caller may see (the contract's audience) and redacted,
 * unless the contract marks it a credential handed to the human on purpose (`agent.issueToken`) or an
 * archive redacted before it was packed (`recording.bundle`).
 * `rightsOf` tells what the caller's role shows it beyond its own things (a decider: the items it may decide).
 * The dispatcher has validated the caller and the name by now.
 */
export function leavingCore(
  caller: unknown,
  name: string,
  output: unknown,
  rightsOf: (caller: Caller) => ViewerRights,
): unknown {
  if (!isCommandName(name)) return output;
  const viewer = Caller.parse(caller);
  const viewed = outputFor(viewer, name, output as never, rightsOf(viewer));
  const { credentialOutput, encodedOutput } = commandMetadata[name];
  return credentialOutput || encodedOutput ? viewed : redactDeep(viewed);
}

/** The agent id of a raw caller (not yet validated: only used to note a heartbeat for a watched agent). */
export function agentCallerId(caller: unknown): string | undefined {
  if (typeof caller !== 'object' || caller === null) return undefined;
  const { kind, id } = caller as { kind?: unknown; id?: unknown };
  return kind === 'agent' && typeof id === 'string' ? id : undefined;
}
