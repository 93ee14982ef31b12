import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ProfilePropertySchema } from '../gen/api_pb';
import type { RequestInit } from './messages';

type ProfileProperty = Omit<MessageInitShape<typeof ProfilePropertySchema>, '$typeName'>;

/** How a new tab/window/split starts: a command (run through `Custom Command`), a folder, a profile. */
export interface NewSessionOptions {
  profileName?: string;
  command?: string;
  cwd?: string;
  /** Any further profile overrides, as JSON values by profile key. */
  properties?: Record<string, unknown>;
}

export type LineSelection = { screen: true } | { trailing: number } | { first: number; count: number };

export type FunctionContext =
  | { app: true }
  | { session: string }
  | { tab: string }
  | { window: string }
  /** A method call on an object (`receiver` = its id), e.g. `iterm2.set_title` on a tab. */
  | { method: string };

export type VariableTarget = { session: string } | { tab: string } | { window: string } | { app: true };

export function customProperties(options: NewSessionOptions): ProfileProperty[] {
  const props: Record<string, unknown> = { ...options.properties };
  if (options.command !== undefined)
    Object.assign(props, { 'Custom Command': 'Yes', Command: options.command });
  if (options.cwd !== undefined)
    Object.assign(props, { 'Custom Directory': 'Yes', 'Working Directory': options.cwd });
  return Object.entries(props).map(([key, value]) => ({ key, jsonValue: JSON.stringify(value) }));
}

/** The request field naming a variable's owner. */
export const variableScope = (target: VariableTarget) =>
  'session' in target
    ? { case: 'sessionId' as const, value: target.session }
    : 'tab' in target
      ? { case: 'tabId' as const, value: target.tab }
      : 'window' in target
        ? { case: 'windowId' as const, value: target.window }
        : { case: 'app' as const, value: true };

/** The InvokeFunction request's context for a call in `context`. */
export function functionContext(
  context: FunctionContext,
): NonNullable<RequestInit<'invokeFunctionRequest'>>['context'] {
  return 'app' in context
    ? { case: 'app' as const, value: {} }
    : 'session' in context
      ? { case: 'session' as const, value: { sessionId: context.session } }
      : 'tab' in context
        ? { case: 'tab' as const, value: { tabId: context.tab } }
        : 'window' in context
          ? { case: 'window' as const, value: { windowId: context.window } }
          : { case: 'method' as const, value: { receiver: context.method } };
}
