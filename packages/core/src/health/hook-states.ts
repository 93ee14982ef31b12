import type { AgentState, ParsedInput } from '@switchboard/protocol';

/**
 * What a Claude Code hook event says about the agent's state, or undefined when it says nothing
 * (e.g. an auth notification). Notification types as Claude Code names them: `permission_prompt`,
 * `idle_prompt`, `elicitation_dialog`, `auth_success`; older versions send only the message.
 */
export function stateOfHook(
  report: ParsedInput<'health.reportHook'>,
): { state: AgentState; detail: string } | undefined {
  switch (report.event) {
    case 'UserPromptSubmit':
      return { state: 'working', detail: 'hook UserPromptSubmit' };
    case 'PreToolUse':
    case 'PostToolUse':
      return {
        state: 'working',
        detail: `hook ${report.event}${report.toolName ? ` (${report.toolName})` : ''}`,
      };
    case 'Stop':
      return { state: 'idle', detail: 'hook Stop: the turn finished' };
    case 'SessionStart':
      return { state: 'idle', detail: 'hook SessionStart' };
    case 'SessionEnd':
      return { state: 'exited', detail: 'hook SessionEnd' };
    case 'Notification':
      return notificationState(report.notificationType, report.message ?? '');
  }
}

function notificationState(
  type: string | undefined,
  message: string,
): { state: AgentState; detail: string } | undefined {
  const kind =
    type ??
    (/permission/i.test(message)
      ? 'permission_prompt'
      : /waiting for your input/i.test(message)
        ? 'idle_prompt'
        : undefined);
  switch (kind) {
    case 'auth_success':
      return undefined;
    case 'idle_prompt':
      return { state: 'idle', detail: 'hook Notification: idle at its prompt' };
    case 'permission_prompt':
      return { state: 'waiting_for_input', detail: 'hook Notification: permission prompt' };
    default:
      return {
        state: 'waiting_for_input',
        detail: `hook Notification${kind ? ` (${kind})` : ''}: needs the user`,
      };
  }
}
