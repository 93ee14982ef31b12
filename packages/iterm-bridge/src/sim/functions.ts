import {
  InvokeFunctionResponse_Status,
  type InvokeFunctionRequest,
  type InvokeFunctionResponse,
} from '../gen/api_pb';
import type { Receiver } from './builtin-functions';
import { callFunction, failed } from './function-call';
import type { Handler, RequestContext } from './requests/context';

function receiverOf(ctx: RequestContext, request: InvokeFunctionRequest): Receiver | InvokeFunctionResponse {
  const c = request.context;
  const { model } = ctx;
  switch (c.case) {
    case 'app':
      return { kind: 'app' };
    case 'session': {
      const s = model.resolveSession(c.value.sessionId);
      return s
        ? { kind: 'session', session: s }
        : failed(InvokeFunctionResponse_Status.INVALID_ID, 'No such session');
    }
    case 'tab':
      return model.tab(c.value.tabId)
        ? { kind: 'tab', tabId: c.value.tabId }
        : failed(InvokeFunctionResponse_Status.INVALID_ID, 'No such tab');
    case 'window':
      return model.window(c.value.windowId)
        ? { kind: 'window', windowId: c.value.windowId }
        : failed(InvokeFunctionResponse_Status.INVALID_ID, 'No such window');
    case 'method': {
      const id = c.value.receiver;
      if (!id) return failed(InvokeFunctionResponse_Status.REQUEST_MALFORMED, 'Method without a receiver');
      const s = model.sessions.get(id);
      if (s) return { kind: 'session', session: s };
      if (model.tab(id)) return { kind: 'tab', tabId: id };
      if (model.window(id)) return { kind: 'window', windowId: id };
      return failed(InvokeFunctionResponse_Status.INVALID_ID, `No such object ${id}`);
    }
    default:
      return failed(InvokeFunctionResponse_Status.REQUEST_MALFORMED, 'No context');
  }
}

export const invokeFunction: Handler<InvokeFunctionRequest> = async (ctx, request) => {
  const reply = (value: InvokeFunctionResponse) => ({ case: 'invokeFunctionResponse', value }) as const;
  const receiver = receiverOf(ctx, request);
  if ('$typeName' in receiver) return reply(receiver);
  const timeout = request.timeout < 0 || !Number.isFinite(request.timeout) ? 30 : request.timeout;
  return reply(await callFunction(ctx, receiver, request.invocation, timeout));
};
