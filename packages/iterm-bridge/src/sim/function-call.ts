import { create } from '@bufbuild/protobuf';
import {
  InvokeFunctionResponse_Status,
  InvokeFunctionResponseSchema,
  type InvokeFunctionResponse,
} from '../gen/api_pb';
import { builtins, FunctionFailure, type Receiver } from './builtin-functions';
import { InvocationSyntaxError, parseInvocation } from './invocation';
import type { JsonValue } from './profiles';
import type { ScriptContext } from './requests/context';
import { appScope, resolvePath, sessionScope, tabScope, windowScope, type Scope } from './variable-scope';

/** iTerm2's error for a variable reference without `?` whose variable is unset (iTermExpressionParser). */
const undefinedReference = (path: string) =>
  `Reference to undefined variable "${path}". Change it to "${path}?" to treat the undefined value as null.`;

export const failed = (status: InvokeFunctionResponse_Status, reason: string): InvokeFunctionResponse =>
  create(InvokeFunctionResponseSchema, {
    disposition: {
      case: 'error',
      value: { $typeName: 'iterm2.InvokeFunctionResponse.Error', status, errorReason: reason },
    },
  });

export const success = (value: JsonValue): InvokeFunctionResponse =>
  create(InvokeFunctionResponseSchema, {
    disposition: {
      case: 'success',
      value: { $typeName: 'iterm2.InvokeFunctionResponse.Success', jsonResult: JSON.stringify(value) },
    },
  });

/** The receiver's variable scope, as iTerm2 evaluates invocations and RPC defaults in it. */
function scopeOf(ctx: ScriptContext, receiver: Receiver): Scope {
  const { model } = ctx;
  switch (receiver.kind) {
    case 'session':
      return sessionScope(model, receiver.session);
    case 'tab': {
      const { window, tab } = model.tab(receiver.tabId)!;
      return tabScope(model, window, tab);
    }
    case 'window':
      return windowScope(model, model.window(receiver.windowId)!);
    case 'app':
      return appScope(model);
  }
}

/**
 * Evaluates an invocation (`name(arg: value, …)`) in a receiver's context, as iTerm2's
 * iTermScriptFunctionCall: arguments resolved in its scope, then a built-in function or a
 * script-registered one (its defaults resolved in the same scope) is called.
 */
export async function callFunction(
  ctx: ScriptContext,
  receiver: Receiver,
  invocationText: string,
  timeoutSeconds: number,
): Promise<InvokeFunctionResponse> {
  let invocation;
  try {
    invocation = parseInvocation(invocationText);
  } catch (e) {
    if (e instanceof InvocationSyntaxError)
      return failed(InvokeFunctionResponse_Status.FAILED, `Syntax error in invocation: ${e.message}`);
    throw e;
  }
  const scope = scopeOf(ctx, receiver);
  const args = new Map<string, JsonValue>();
  for (const [k, v] of invocation.args) {
    if (v.kind === 'literal') {
      args.set(k, v.value);
      continue;
    }
    const value = resolvePath(scope, v.path);
    if (value === undefined && !v.optional)
      return failed(InvokeFunctionResponse_Status.FAILED, undefinedReference(v.path));
    args.set(k, value ?? null);
  }
  const builtin = builtins[invocation.name];
  if (builtin) {
    try {
      return success(await builtin(ctx, receiver, args));
    } catch (e) {
      if (e instanceof FunctionFailure) return failed(InvokeFunctionResponse_Status.FAILED, e.message);
      throw e;
    }
  }
  const found = ctx.state.rpc.find(invocation.name, args, (path) => resolvePath(scope, path));
  if (!found)
    return failed(
      InvokeFunctionResponse_Status.FAILED,
      `No function registered for invocation "${invocationText}"`,
    );
  const { registration, fullArguments } = found;
  const result = await ctx.state.rpc.call(
    registration,
    [...fullArguments].map(([name, v]) => ({ name, jsonValue: JSON.stringify(v) })),
    timeoutSeconds,
  );
  if ('value' in result)
    return create(InvokeFunctionResponseSchema, {
      disposition: {
        case: 'success',
        value: { $typeName: 'iterm2.InvokeFunctionResponse.Success', jsonResult: result.value },
      },
    });
  return failed(
    result.error === 'Timeout' ? InvokeFunctionResponse_Status.TIMEOUT : InvokeFunctionResponse_Status.FAILED,
    result.error,
  );
}
