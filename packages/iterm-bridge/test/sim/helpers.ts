import type { MessageInitShape } from '@bufbuild/protobuf';
import { expect } from 'vitest';
import type {
  InvokeFunctionRequestSchema,
  ServerOriginatedMessage,
  SplitTreeNode,
} from '../../src/gen/api_pb';
import type { RawClient } from './raw-client';

type Sub = ServerOriginatedMessage['submessage'];
type ValueOf<C> = Extract<Sub, { case: C }> extends { value: infer V } ? V : never;

/** Asserts the response's oneof case and returns its value, typed. */
export function sub<C extends NonNullable<Sub['case']>>(m: ServerOriginatedMessage, c: C): ValueOf<C> {
  expect(m.submessage.case).toBe(c);
  return m.submessage.value as ValueOf<C>;
}

/** Session ids of a split tree, in order. */
export function leaves(node: SplitTreeNode): string[] {
  return node.links.flatMap((l) =>
    l.child.case === 'session'
      ? [l.child.value.uniqueIdentifier]
      : l.child.case === 'node'
        ? leaves(l.child.value)
        : [],
  );
}

/** A compact picture of a tree: `v[A,h[B,C]]`, with sessions named by `names`. */
export function shape(node: SplitTreeNode, names: Map<string, string>): string {
  const inner = node.links.map((l) =>
    l.child.case === 'session'
      ? (names.get(l.child.value.uniqueIdentifier) ?? '?')
      : l.child.case === 'node'
        ? shape(l.child.value, names)
        : '!',
  );
  return `${node.vertical ? 'v' : 'h'}[${inner.join(',')}]`;
}

export async function listSessions(client: RawClient) {
  return sub(await client.request({ case: 'listSessionsRequest', value: {} }), 'listSessionsResponse');
}

export async function newWindow(
  client: RawClient,
): Promise<{ windowId: string; tabId: string; sessionId: string }> {
  const r = sub(await client.request({ case: 'createTabRequest', value: {} }), 'createTabResponse');
  expect(r.status).toBe(0);
  return { windowId: r.windowId, tabId: String(r.tabId), sessionId: r.sessionId };
}

export async function split(
  client: RawClient,
  session: string,
  vertical: boolean,
  before = false,
): Promise<string> {
  const r = sub(
    await client.request({
      case: 'splitPaneRequest',
      value: { session, splitDirection: vertical ? 0 : 1, before },
    }),
    'splitPaneResponse',
  );
  expect(r.status).toBe(0);
  return r.sessionId[0]!;
}

export async function invoke(
  client: RawClient,
  invocation: string,
  context: 'app' | { session: string } | { tab: string } | { window: string } | { method: string } = 'app',
) {
  type Context = MessageInitShape<typeof InvokeFunctionRequestSchema>['context'];
  const ctx: Context =
    context === 'app'
      ? { case: 'app', value: {} }
      : 'session' in context
        ? { case: 'session', value: { sessionId: context.session } }
        : 'tab' in context
          ? { case: 'tab', value: { tabId: context.tab } }
          : 'window' in context
            ? { case: 'window', value: { windowId: context.window } }
            : { case: 'method', value: { receiver: context.method } };
  return sub(
    await client.request({ case: 'invokeFunctionRequest', value: { context: ctx, invocation } }),
    'invokeFunctionResponse',
  );
}

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
