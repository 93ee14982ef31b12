import { SwitchboardError, type ErrorCode } from '@switchboard/protocol';

/** Every failure of the iTerm2 client is one of these; each carries a Switchboard error code. */
export class ITerm2Error extends SwitchboardError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(code, message, details === undefined ? {} : { details });
    this.name = new.target.name;
  }
}

/** A response whose `status` was not OK: `status` is the enum value's name, e.g. `SESSION_NOT_FOUND`. */
export class ITerm2StatusError extends ITerm2Error {
  constructor(
    readonly operation: string,
    readonly status: string,
    readonly statusNumber: number,
    detail?: string,
  ) {
    super(codeForStatus(status), `iTerm2 ${operation} failed: ${status}${detail ? ` (${detail})` : ''}`, {
      operation,
      status,
    });
  }
}

/** InvokeFunction answered with an error disposition (TIMEOUT, FAILED, REQUEST_MALFORMED, INVALID_ID). */
export class ITerm2InvokeError extends ITerm2StatusError {
  constructor(
    readonly invocation: string,
    status: string,
    statusNumber: number,
    readonly reason: string,
  ) {
    super('invoke_function', status, statusNumber, `${invocation}: ${reason}`);
  }
}

/** The server answered with the envelope's `error` string: it does not know the request (too old) or is not ready. */
export class ITerm2RpcError extends ITerm2Error {
  constructor(
    readonly operation: string,
    readonly serverMessage: string,
  ) {
    super('unavailable', `iTerm2 refused ${operation}: ${serverMessage}`, { operation });
  }
}

/** No answer within the request's deadline. */
export class ITerm2TimeoutError extends ITerm2Error {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(
      'timeout',
      `iTerm2 did not answer ${operation} within ${timeoutMs} ms: it is busy or hung, or another API client holds a transaction open (iTerm2 answers no one else until it ends)`,
      { operation },
    );
  }
}

/** The connection is down (or went down while the request was in flight). */
export class ITerm2DisconnectedError extends ITerm2Error {
  constructor(
    readonly operation: string,
    why = 'not connected',
  ) {
    super('unavailable', `iTerm2 ${operation} failed: ${why}`, { operation });
  }
}

/** The server sent something the protocol does not allow (undecodable bytes, a response of the wrong kind). */
export class ITerm2ProtocolError extends ITerm2Error {
  constructor(
    readonly operation: string,
    problem: string,
  ) {
    super('internal', `iTerm2 ${operation}: protocol violation: ${problem}`, { operation });
  }
}

/** The HTTP upgrade failed: 400 (bad request), 401 (not authorised), 406 (library too old), or no server at all. */
export class ITerm2HandshakeError extends ITerm2Error {
  constructor(
    readonly httpStatus: number | undefined,
    message: string,
  ) {
    super(httpStatus === 401 ? 'forbidden' : 'unavailable', message, { httpStatus });
  }
}

/** The Switchboard error code that best describes an iTerm2 status name. */
export function codeForStatus(status: string): ErrorCode {
  if (status === 'TIMEOUT') return 'timeout';
  if (
    /NOT_FOUND|INVALID_ID$|BAD_IDENTIFIER|INVALID_(WINDOW|TAB|SESSION)(_ID)?$|BAD_TAB_ID|INVALID_TARGET|INVALID_IDENTIFIER|BAD_GUID/.test(
      status,
    )
  )
    return 'not_found';
  if (/DECLINED|PERMISSION_DENIED/.test(status)) return 'forbidden';
  if (
    /ALREADY|NOT_SUBSCRIBED|DUPLICATE|NOT_RESTARTABLE|NOT_DISJOINT|NOT_IN_SAME_WINDOW|NO_TRANSACTION|DISABLED/.test(
      status,
    )
  )
    return 'conflict';
  if (/MALFORMED|INVALID|WRONG_TREE|CANNOT_SPLIT|BAD_JSON|MISSING|MULTI_GET|UNRECOGNIZED|BAD_/.test(status))
    return 'invalid_input';
  if (/UNAVAILABLE|DEFERRED/.test(status)) return 'unavailable';
  return 'internal';
}
