import { z } from 'zod';

/** Stable error codes, shared by the API, the MCP endpoint and the UI. */
export const ErrorCode = z.enum([
  'invalid_input',
  'not_found',
  'forbidden',
  'locked',
  'conflict',
  'timeout',
  'rate_limited',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The serialisable shape of an error as it crosses any boundary. */
export const ErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  hint: z.string().optional(),
  details: z.unknown().optional(),
});
export type ErrorShape = z.infer<typeof ErrorShape>;

/** The one error type every Switchboard boundary throws: a code a program can act on and a message a person can read. */
export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: unknown } = {}) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  toShape(): ErrorShape {
    const shape: ErrorShape = { code: this.code, message: this.message };
    if (this.hint !== undefined) shape.hint = this.hint;
    if (this.details !== undefined) shape.details = this.details;
    return shape;
  }

  static fromShape(shape: ErrorShape): SwitchboardError {
    return new SwitchboardError(shape.code, shape.message, { hint: shape.hint, details: shape.details });
  }
}

/**
 * Converts anything thrown into a SwitchboardError without leaking internals of unknown errors. With an
 * `errorId` (written on the host's log line that explains the failure) the caller can find that line.
 */
export function toSwitchboardError(error: unknown, errorId?: string): SwitchboardError {
  if (error instanceof SwitchboardError && !(errorId && error.code === 'internal')) return error;
  const message = error instanceof SwitchboardError ? error.message : 'Internal error';
  if (!errorId)
    return new SwitchboardError('internal', message, {
      hint: 'This is a bug in Switchboard; the host log has the details.',
    });
  return new SwitchboardError('internal', `${message} (error id ${errorId})`, {
    hint: `This is a bug in Switchboard; \`switchboard logs --error ${errorId}\` shows the host's log line for it.`,
    details: { errorId },
  });
}

/** Turns a zod failure into an `invalid_input` error naming each bad field. */
export function invalidInput(what: string, error: z.ZodError): SwitchboardError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new SwitchboardError('invalid_input', `Invalid ${what}: ${summary}`, { details: { issues } });
}
