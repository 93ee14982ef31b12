import type { InvokeFunctionResponse } from '../gen/api_pb';
import { callFunction } from './function-call';
import type { JsonValue } from './profiles';
import type { ScriptContext } from './requests/context';
import type { Dialog } from './script-ui';

/** What a function call gave back: its JSON value, or iTerm2's error reason. */
export type CallResult = { value: JsonValue } | { error: string };

/** A status-bar component as iTerm2 would draw it in one session's status bar. */
export interface StatusBarItem {
  identifier: string;
  shortDescription: string;
  /** The function's answer: a string, or variants from longest to shortest (iTerm2 shows the longest that fits). */
  value: JsonValue;
  error?: string;
  unreadCount: number;
}

/**
 * What the person does in iTerm2 that makes it call scripts: status bars being drawn and clicked,
 * title providers computing a session's title, context-menu items, key bindings that invoke a
 * function, and the answers to `iterm2.alert` / `iterm2.get_string` dialogs.
 */
export interface ScriptingHooks {
  /** Calls every registered status-bar component for a session (knobs at their defaults). */
  statusBar(sessionId: string): Promise<StatusBarItem[]>;
  /** A click on a component: calls the script's `__<identifier>__on_click(session_id)`, as the iterm2 library registers it. */
  clickStatusBarComponent(sessionId: string, identifier: string): Promise<CallResult>;
  /** The title a registered title provider (by unique identifier) gives a session. */
  sessionTitle(sessionId: string, uniqueIdentifier: string): Promise<CallResult>;
  /** The person picks a registered context-menu item (by unique identifier) in a session. */
  contextMenu(sessionId: string, uniqueIdentifier: string): Promise<CallResult>;
  /** A key binding's "Invoke Script Function" action: the invocation evaluated in the session. */
  invokeKeyBinding(sessionId: string, invocation: string): Promise<CallResult>;
  /** The oldest open dialog, or the next one to open. */
  nextDialog(): Promise<Dialog>;
}

const TIMEOUT_SECONDS = 30;

function resultOf(response: InvokeFunctionResponse): CallResult {
  const d = response.disposition;
  if (d.case === 'success') return { value: JSON.parse(d.value.jsonResult) as JsonValue };
  return { error: d.value?.errorReason ?? 'no answer' };
}

export function scriptingHooks(ctx: ScriptContext): ScriptingHooks {
  const inSession = async (sessionId: string, invocation: string): Promise<CallResult> => {
    const session = ctx.model.sessions.get(sessionId);
    if (!session) return { error: `No such session ${sessionId}` };
    return resultOf(await callFunction(ctx, { kind: 'session', session }, invocation, TIMEOUT_SECONDS));
  };
  const byIdentifier = (
    role: 'sessionTitleAttributes' | 'contextMenuAttributes',
    uniqueIdentifier: string,
  ): string | undefined =>
    ctx.state.rpc
      .withRole(role)
      .find((r) => r.RoleSpecificAttributes.value?.uniqueIdentifier === uniqueIdentifier)?.name;
  return {
    async statusBar(sessionId) {
      const items: StatusBarItem[] = [];
      for (const r of ctx.state.rpc.withRole('statusBarComponentAttributes')) {
        const attributes = r.RoleSpecificAttributes.value!;
        if (!('knobs' in attributes)) continue;
        const knobs = Object.fromEntries(
          attributes.knobs.map((k) => [k.key, k.jsonDefaultValue ? JSON.parse(k.jsonDefaultValue) : null]),
        );
        const takesKnobs = r.arguments.some((a) => a.name === 'knobs');
        // As iTerm2 does (iTermStatusBarRPCProvidedTextComponent: `__knobs`), the knob values go as ONE
        // string holding their JSON; the iterm2 library's StatusBarComponent json.loads it.
        const result = await inSession(
          sessionId,
          `${r.name}(${takesKnobs ? `knobs: ${JSON.stringify(JSON.stringify(knobs))}` : ''})`,
        );
        const identifier = attributes.uniqueIdentifier;
        items.push({
          identifier,
          shortDescription: attributes.shortDescription,
          value: 'value' in result ? result.value : null,
          ...('error' in result ? { error: result.error } : {}),
          unreadCount: ctx.state.unreadCounts.get(identifier, sessionId),
        });
      }
      return items;
    },
    clickStatusBarComponent(sessionId, identifier) {
      const name = `__${identifier.replace(/[.-]/g, '_')}__on_click`;
      return inSession(sessionId, `${name}(session_id: ${JSON.stringify(sessionId)})`);
    },
    async sessionTitle(sessionId, uniqueIdentifier) {
      const name = byIdentifier('sessionTitleAttributes', uniqueIdentifier);
      return name ? inSession(sessionId, `${name}()`) : { error: `No title provider ${uniqueIdentifier}` };
    },
    async contextMenu(sessionId, uniqueIdentifier) {
      const name = byIdentifier('contextMenuAttributes', uniqueIdentifier);
      return name ? inSession(sessionId, `${name}()`) : { error: `No context-menu item ${uniqueIdentifier}` };
    },
    invokeKeyBinding: inSession,
    nextDialog: () => ctx.state.dialogs.next(),
  };
}
