import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { afterEach, describe, expect, it } from 'vitest';
import { staticAuth } from '../../src/client/auth';
import { ITerm2Client } from '../../src/client/client';
import { ITerm2ProtocolError, ITerm2StatusError } from '../../src/client/errors';
import type { GetBufferResponseSchema } from '../../src/gen/api_pb';
import { ClientOriginatedMessageSchema, ServerOriginatedMessageSchema } from '../../src/gen/api_pb';
import { FakeITerm2Server, requestId } from './fake-server';

type ResponseInit = NonNullable<Parameters<typeof create<typeof GetBufferResponseSchema>>[1]>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A client of a server that answers each getBuffer of session S with `answers[S]` (any other: a prompt answer). */
async function clientOf(answers: Record<string, ResponseInit>): Promise<ITerm2Client> {
  const server = await FakeITerm2Server.start();
  cleanups.push(() => server.close());
  server.answer = (frame, socket) => {
    const request = fromBinary(ClientOriginatedMessageSchema, frame);
    const session = request.submessage.case === 'getBufferRequest' ? request.submessage.value.session : '';
    const submessage =
      session in answers
        ? { case: 'getBufferResponse' as const, value: answers[session]! }
        : { case: 'getPromptResponse' as const, value: {} };
    const message = create(ServerOriginatedMessageSchema, { id: requestId(frame), submessage });
    socket.send(toBinary(ServerOriginatedMessageSchema, message));
  };
  const client = await ITerm2Client.connect({
    endpoint: { socketPath: server.socketPath },
    auth: staticAuth({}),
    reconnect: false,
  });
  cleanups.push(() => client.close());
  return client;
}

const screen: ResponseInit = {
  contents: [
    { text: 'a wrapped li', codePointsPerCell: [{ numCodePoints: 1, repeats: 12 }], continuation: 2 },
    { text: 'ne', continuation: 1 },
  ],
  cursor: { x: 2, y: 101n },
  windowedCoordRange: { coordRange: { start: { y: 100n }, end: { y: 102n } } },
};
const lines = {
  status: 0,
  lines: ['a wrapped li', 'ne'],
  wraps: [true, false],
  cursor: { x: 2, y: 101 },
  firstLine: 100,
};

describe("the client's screen reads answered with their lines alone", () => {
  it('reads the lines, beside a read of the whole message in flight at the same time', async () => {
    const client = await clientOf({ s: screen });
    const [lean, full] = await Promise.all([
      client.readLines({ session: 's', lineRange: { screenContentsOnly: true } }),
      client.call('getBufferRequest', { session: 's', lineRange: { screenContentsOnly: true } }),
    ]);
    expect(lean).toEqual(lines);
    expect(full.$typeName).toBe('iterm2.GetBufferResponse');
    expect(full.contents.map((line) => line.text)).toEqual(lines.lines);
  });

  it('an answer the direct reader leaves (styles) is read the general way into the same lines', async () => {
    const styled = Object.assign({}, screen, {
      contents: screen.contents!.map((line) => Object.assign({}, line, { style: [{ repeats: 2 }] })),
    });
    const client = await clientOf({ s: styled });
    expect(await client.readLines({ session: 's', includeStyles: true })).toEqual(lines);
  });

  it('a status that is not OK fails it as any request, unless accepted; an answer of another kind too', async () => {
    const client = await clientOf({ gone: { status: 1 } });
    await expect(client.readLines({ session: 'gone' })).rejects.toBeInstanceOf(ITerm2StatusError);
    await expect(client.readLines({ session: 'gone' })).rejects.toMatchObject({
      status: 'SESSION_NOT_FOUND',
    });
    expect(await client.readLines({ session: 'gone' }, { accept: ['SESSION_NOT_FOUND'] })).toMatchObject({
      status: 1,
      lines: [],
    });
    await expect(client.readLines({ session: 'other' })).rejects.toBeInstanceOf(ITerm2ProtocolError);
  });
});
