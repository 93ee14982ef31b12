import { AgentState } from '@switchboard/protocol';

/** The user variable an agent (or a wrapper script) sets to declare its state: `OSC 1337 ; SetUserVar=switchboardState=<base64>`. */
export const STATE_VARIABLE = 'user.switchboardState';
/** The identity of our custom escape sequence: `OSC 1337 ; Custom=id=switchboard:state=working`. */
export const CUSTOM_SEQUENCE_IDENTITY = 'switchboard';

/** A state named in a declared value (`working`, `"working"`, `state=working` or `{"state":"working"}`), if valid. */
export function parseDeclaredState(value: string): AgentState | undefined {
  let text = value.trim();
  if (text.startsWith('"')) {
    // iTerm2 reports variable values as JSON.
    try {
      text = String(JSON.parse(text));
    } catch {
      return undefined;
    }
  }
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { state?: unknown };
      text = typeof parsed.state === 'string' ? parsed.state : '';
    } catch {
      return undefined;
    }
  } else if (text.startsWith('state=')) text = text.slice('state='.length);
  const state = AgentState.safeParse(text);
  return state.success ? state.data : undefined;
}
