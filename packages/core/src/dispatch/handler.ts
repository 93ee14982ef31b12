import type { Caller, CallSignal, CommandName, CommandOutput, ParsedInput } from '@switchboard/protocol';

/** What a handler knows about the call besides its input. */
export interface CallContext {
  caller: Caller;
  /** Aborts when the caller has gone (its transport saw the request or connection close): a wait ends at once. */
  signal?: CallSignal;
}

export type Handler<N extends CommandName> = (
  input: ParsedInput<N>,
  context: CallContext,
) => Promise<CommandOutput<N>> | CommandOutput<N>;

/** Handlers for a set of commands; each domain provides one and the orchestrator merges them. */
export type HandlerMap<N extends CommandName = CommandName> = { [K in N]: Handler<K> };
