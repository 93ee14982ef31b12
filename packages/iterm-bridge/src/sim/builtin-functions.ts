import { VariableScope } from '../gen/api_pb';
import { applyPlan, LayoutError, planLayout } from './apply-layout';
import type { JsonValue } from './profiles';
import type { ScriptContext } from './requests/context';
import type { SimSession } from './session';
import { sizesOf } from './session-list';
import { paneInDirection, paneRects } from './split-tree';

/** The object a function runs against: decides variable lookups and which methods make sense. */
export type Receiver =
  | { kind: 'app' }
  | { kind: 'session'; session: SimSession }
  | { kind: 'tab'; tabId: string }
  | { kind: 'window'; windowId: string };

/** A built-in function's refusal: the call answers FAILED with this reason. */
export class FunctionFailure extends Error {}

export type Builtin = (
  ctx: ScriptContext,
  receiver: Receiver,
  args: Map<string, JsonValue>,
) => JsonValue | Promise<JsonValue>;

const str = (args: Map<string, JsonValue>, name: string): string => {
  const v = args.get(name);
  if (typeof v !== 'string') throw new FunctionFailure(`argument ${name} must be a string`);
  return v;
};
const optionalString = (args: Map<string, JsonValue>, name: string): string | undefined => {
  const v = args.get(name);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new FunctionFailure(`argument ${name} must be a string`);
  return v;
};
const session = (ctx: ScriptContext, args: Map<string, JsonValue>, name: string): SimSession => {
  const id = str(args, name);
  return ctx.model.sessions.get(id) ?? fail(`No such session ${id}`);
};
const fail = (reason: string): never => {
  throw new FunctionFailure(reason);
};

/** iTerm2's built-in functions (`iterm2.*`), by name. */
export const builtins: Record<string, Builtin> = {
  'iterm2.move_session': (ctx, _r, args) => {
    const moving = session(ctx, args, 'session');
    const destination = session(ctx, args, 'destination');
    if (moving === destination) fail('Cannot move a session next to itself');
    if (!ctx.model.locate(destination.id)) fail('Destination session is not in a tab');
    ctx.model.moveSession(moving, destination, args.get('vertical') === true, args.get('before') === true);
    return null;
  },
  'iterm2.move_session_to_new_tab': (ctx, _r, args) => {
    const moving = session(ctx, args, 'session');
    const windowId = optionalString(args, 'window_id');
    const where = ctx.model.locate(moving.id);
    const window =
      windowId !== undefined
        ? (ctx.model.window(windowId) ?? fail(`No such window ${windowId}`))
        : where?.window;
    if (!window) fail('Session is not in a window');
    const index = args.get('tab_index');
    if (index !== undefined && index !== null && (typeof index !== 'number' || index < 0))
      fail('tab_index must be a non-negative number');
    const tab = ctx.model.moveSessionToNewTab(moving, window!, typeof index === 'number' ? index : undefined);
    return tab.id;
  },
  'iterm2.move_session_to_new_window': (ctx, _r, args) => {
    const moving = session(ctx, args, 'session');
    const where = ctx.model.locate(moving.id);
    if (!where) fail('Session is not in a window');
    const alone = where!.tab.root.children.length === 1 && where!.window.tabs.length === 1;
    if (alone) fail('Session is the only one in its window');
    return ctx.model.moveSessionToNewWindow(moving).id;
  },
  'iterm2.apply_layout': (ctx, _r, args) => {
    try {
      applyPlan(ctx.model, planLayout(ctx.model, args.get('spec_json_b64')));
    } catch (e) {
      if (e instanceof LayoutError) fail(e.message);
      throw e;
    }
    return null;
  },
  'iterm2.set_title': (ctx, receiver, args) => {
    const title = str(args, 'title');
    if (receiver.kind === 'window') {
      const w = ctx.model.window(receiver.windowId)!;
      w.title = title;
      ctx.notifier.variableChanged(VariableScope.WINDOW, w.id, 'title', JSON.stringify(title));
    } else if (receiver.kind === 'tab') {
      const t = ctx.model.tab(receiver.tabId)!.tab;
      t.title = title;
      ctx.notifier.variableChanged(VariableScope.TAB, t.id, 'title', JSON.stringify(title));
    } else fail('set_title needs a window or tab receiver');
    return null;
  },
  'iterm2.select_pane_in_direction': (ctx, receiver, args) => {
    if (receiver.kind !== 'tab') return fail('select_pane_in_direction needs a tab receiver');
    const direction = str(args, 'direction');
    if (direction !== 'left' && direction !== 'right' && direction !== 'above' && direction !== 'below')
      return fail(`Invalid direction ${direction}`);
    const { window, tab } = ctx.model.tab(receiver.tabId)!;
    const target = paneInDirection(
      paneRects(tab.root, sizesOf(ctx.model.sessions, tab.root)),
      tab.activeSessionId,
      direction,
    );
    if (!target) return null;
    ctx.model.focus.setActiveSession(window, tab, target);
    return target;
  },
  'iterm2.set_name': (ctx, receiver, args) => {
    if (receiver.kind !== 'session') return fail('set_name needs a session receiver');
    const name = str(args, 'name');
    receiver.session.explicitName = name;
    ctx.notifier.variableChanged(VariableScope.SESSION, receiver.session.id, 'name', JSON.stringify(name));
    ctx.model.layoutChanged();
    return null;
  },
  // iTermAlertBuiltInFunction: a modal alert; answers NSAlertFirstButtonReturn (1000) + the button's index.
  'iterm2.alert': (ctx, _r, args) => {
    const buttons = args.get('buttons');
    if (!Array.isArray(buttons) || buttons.some((b) => typeof b !== 'string'))
      return fail('argument buttons must be an array of strings');
    return ctx.state.dialogs.show({
      kind: 'alert',
      title: str(args, 'title'),
      subtitle: str(args, 'subtitle'),
      buttons: buttons.length > 0 ? (buttons as string[]) : ['OK'],
      ...windowOf(args),
    });
  },
  // iTermGetStringBuiltInFunction: a modal with a text field; answers what was typed.
  'iterm2.get_string': (ctx, _r, args) =>
    ctx.state.dialogs.show({
      kind: 'text',
      title: str(args, 'title'),
      subtitle: str(args, 'subtitle'),
      buttons: ['OK'],
      placeholder: str(args, 'placeholder'),
      defaultValue: str(args, 'defaultValue'),
      ...windowOf(args),
    }),
  // As a method of a session (`async_invoke_method`) it sets that session's count, otherwise every session's.
  'iterm2.set_status_bar_component_unread_count': (ctx, receiver, args) => {
    const count = args.get('count');
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
      return fail('argument count must be a non-negative integer');
    const sessionId = receiver.kind === 'session' ? receiver.session.id : undefined;
    ctx.state.unreadCounts.set(str(args, 'identifier'), count, sessionId);
    return null;
  },
};

const windowOf = (args: Map<string, JsonValue>): { windowId?: string } => {
  const id = optionalString(args, 'window_id');
  return id ? { windowId: id } : {};
};
