import {
  Caller,
  SwitchboardError,
  commands,
  invalidInput,
  isCommandName,
  toSwitchboardError,
} from '@switchboard/protocol';
import type { CallOptions, CommandName } from '@switchboard/protocol';
import type { CallContext, Handler, HandlerMap } from './handler';
import { newErrorId, silentLogger, type Logger } from '../ports/logger';
import { noTracer, traceIdOf, type Tracer } from '../ports/tracer';

/**
 * Decides whether a caller may run a command; throws `forbidden` (or `rate_limited`) if not. Roles plug
 * in here. It runs before the input is parsed, so a caller without the permission learns nothing about
 * the command's input rules; `input` is therefore raw.
 */
export type Authorizer = (caller: Caller, name: CommandName, input: unknown) => void;

/**
 * Does this authorizer let the caller call the command at all? A rule that depends on the input cannot be
 * judged without it; only a plain `forbidden` refusal says no.
 */
export function permitsWithoutInput(authorize: Authorizer, caller: Caller, name: CommandName): boolean {
  try {
    authorize(caller, name, {});
    return true;
  } catch (error) {
    return !(error instanceof SwitchboardError && error.code === 'forbidden');
  }
}

export interface DispatcherOptions {
  logger?: Logger;
  tracer?: Tracer;
  /** Resolves once what was committed so far is on disk (the store's group commit); every answer waits for it. */
  durable?: () => Promise<void>;
  /** Told of every `rate_limited` answer to a known caller (the person's audit keeps the ones at a quota). */
  onRateLimited?: (caller: Caller, name: CommandName, error: SwitchboardError) => void;
}

/**
 * The one path every call takes, whatever the transport: the caller is checked and authorised, the input
 * is parsed with the contract (bad input never reaches a handler), the handler runs,
 * and its output is checked against the contract before it leaves — once what the call wrote is on disk.
 */
export function createDispatcher(
  handlers: HandlerMap,
  authorize: Authorizer,
  {
    logger = silentLogger,
    tracer = noTracer,
    durable = () => Promise.resolve(),
    onRateLimited,
  }: DispatcherOptions = {},
) {
  return function dispatch(
    caller: unknown,
    name: string,
    input: unknown,
    options?: CallOptions,
  ): Promise<unknown> {
    return tracer.span(`dispatch ${isCommandName(name) ? name : 'unknown'}`, {}, () =>
      run(caller, name, input, options),
    );
  };

  async function run(caller: unknown, name: string, input: unknown, options?: CallOptions): Promise<unknown> {
    let known: { caller: Caller; name: CommandName } | undefined;
    try {
      const parsedCaller = Caller.safeParse(caller);
      if (!parsedCaller.success)
        throw new SwitchboardError('forbidden', 'The call has no valid caller identity');
      if (!isCommandName(name)) {
        throw new SwitchboardError('not_found', `Unknown command "${name}"`, {
          hint: 'fleet.snapshot lists what exists; see the contract for commands.',
        });
      }
      known = { caller: parsedCaller.data, name };
      authorize(parsedCaller.data, name, input);
      const definition = commands[name];
      if (!definition.callers.includes(parsedCaller.data.kind)) {
        throw new SwitchboardError('forbidden', `${name} may not be called by a ${parsedCaller.data.kind}`);
      }
      // An absent input means "no arguments"; `null` is not an absent input and is refused like any other non-object.
      const parsed = definition.input.safeParse(input === undefined ? {} : input);
      if (!parsed.success) throw invalidInput(`input for ${name}`, parsed.error);
      const handler = handlers[name] as Handler<CommandName>;
      const context: CallContext = { caller: parsedCaller.data, signal: options?.signal };
      const output = await handler(parsed.data as never, context);
      const checked = definition.output.safeParse(output);
      if (!checked.success)
        throw new SwitchboardError('internal', `${name} produced output that breaks the contract`);
      // Nothing acknowledged is lost: the answer leaves once the call's commits are on disk.
      await durable();
      return checked.data;
    } catch (error) {
      // A refusal can follow a commit too (e.g. a partial effect before the error): it waits the same way.
      await durable().catch(() => undefined);
      if (error instanceof SwitchboardError && error.code !== 'internal') {
        if (error.code === 'rate_limited' && known) onRateLimited?.(known.caller, known.name, error);
        throw error;
      }
      // A bug, not the caller's fault: the caller gets an id, the log gets what happened.
      const errorId = newErrorId();
      logger.log('error', `${name} failed`, {
        component: 'dispatch',
        command: name,
        caller: callerLabel(caller),
        errorId,
        traceId: traceIdOf(tracer.traceparent()),
        err: error,
      });
      throw toSwitchboardError(error, errorId);
    }
  }
}

/** Who called, for a log line (never a token: callers carry ids only). */
function callerLabel(caller: unknown): string {
  const parsed = Caller.safeParse(caller);
  return parsed.success
    ? parsed.data.kind === 'agent'
      ? `agent ${parsed.data.id}`
      : parsed.data.kind
    : 'unknown';
}
