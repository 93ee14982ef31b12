import { toSwitchboardError } from '@switchboard/protocol';
import type { ErrorCode, ErrorShape } from '@switchboard/protocol';

/** What a model can do about each kind of failure, when the error itself carries no better hint. */
const DEFAULT_HINTS: Record<ErrorCode, string> = {
  invalid_input: 'Fix the arguments: `details.issues` names each bad field; tools/list has the input schema.',
  not_found: 'List what exists first (agent_list, pane_list) and use an exact name or id.',
  forbidden:
    'Your role does not allow this; agent_whoami lists the tools you may call. Ask the human if you need more.',
  locked: 'Someone else holds the lock; wait and retry, or request it.',
  conflict: 'The thing already exists or changed meanwhile; read its current state and retry.',
  timeout: 'Nothing happened in time; call again to keep waiting, or with a longer timeout.',
  rate_limited: 'Too many calls; wait a little before retrying.',
  unavailable: 'A backend is not reachable right now; retry shortly.',
  internal: 'This is a bug in Switchboard, not your input; tell the human (human_notify).',
};

export interface ToolErrorResult {
  [key: string]: unknown;
  isError: true;
  content: { type: 'text'; text: string }[];
  structuredContent: { error: ErrorShape };
}

/** Turns anything thrown into a structured MCP tool error: stable code, actionable message, a hint. */
export function toolError(error: unknown): ToolErrorResult {
  const shape = toSwitchboardError(error).toShape();
  return errorShapeResult({ ...shape, hint: shape.hint ?? DEFAULT_HINTS[shape.code] });
}

export function errorShapeResult(error: ErrorShape): ToolErrorResult {
  const withHint: ErrorShape = { ...error, hint: error.hint ?? DEFAULT_HINTS[error.code] };
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify({ error: withHint }) }],
    structuredContent: { error: withHint },
  };
}
