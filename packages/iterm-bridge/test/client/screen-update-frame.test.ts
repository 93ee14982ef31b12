import { create, equals, toBinary } from '@bufbuild/protobuf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ITerm2Client, staticAuth } from '../../src/client';
import { screenUpdateNotification, screenUpdateSession } from '../../src/client/screen-update-frame';
import { NotificationSchema, ServerOriginatedMessageSchema, type Notification } from '../../src/gen/api_pb';
import { decodedNotification, frameOf } from './notification-frames';
import { FakeITerm2Server, requestId } from './fake-server';

const screenUpdate = (session: string) => frameOf({ screenUpdateNotification: { session } });

const UUID = '5F0B7D8E-1234-4A5B-9C0D-0123456789AB';

describe('screen-update frames read without the general decoder', () => {
  it.each([UUID, `w0t1p2:${UUID}`, 'S1', 'é✓ pane', '\uFEFFleading BOM', 'x'.repeat(120), ''])(
    'a screen update of session %j gives that session, the same notification as the general decoder',
    (session) => {
      const bytes = screenUpdate(session);
      expect(screenUpdateSession(bytes)).toBe(session);
      const general = decodedNotification(bytes)!;
      expect(equals(NotificationSchema, screenUpdateNotification(session), general)).toBe(true);
    },
  );

  it.each<[string, Uint8Array]>([
    ['a session too long for one-byte lengths', screenUpdate('x'.repeat(125))],
    ['a screen update that carries an id', frameOf({ screenUpdateNotification: { session: UUID } }, 7n)],
    ['another notification', frameOf({ newSessionNotification: { sessionId: UUID } })],
    [
      'a screen update with a second notification in it',
      frameOf({ screenUpdateNotification: { session: UUID }, newSessionNotification: { sessionId: 'S2' } }),
    ],
    ['a session that is not UTF-8', Uint8Array.from([0xc2, 0x3e, 0x06, 0x12, 0x04, 0x0a, 0x02, 0xff, 0xfe])],
    ['a frame cut short', screenUpdate(UUID).subarray(0, 20)],
    ['a frame with a byte more', Uint8Array.from([...screenUpdate(UUID), 0x00])],
  ])('%s goes to the general decoder', (_, bytes) => {
    expect(screenUpdateSession(bytes)).toBeUndefined();
  });

  it('on frames mangled at random, whenever it reads a session the general decoder reads exactly that', () => {
    let seed = 21;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const original = screenUpdate(UUID);
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = Uint8Array.from(original);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--)
        bytes[Math.floor(random() * 8)] = Math.floor(random() * 256);
      const session = screenUpdateSession(bytes);
      if (session === undefined) continue;
      read++;
      const general = decodedNotification(bytes);
      expect(general && equals(NotificationSchema, general, screenUpdateNotification(session))).toBe(true);
    }
    expect(read).toBeGreaterThan(0); // some mangled lengths and tags still make a valid screen update
  });
});

describe('the client hears screen updates and everything else alike', () => {
  let server: FakeITerm2Server;
  let client: ITerm2Client;
  beforeEach(async () => {
    server = await FakeITerm2Server.start();
    client = await ITerm2Client.connect({
      endpoint: { socketPath: server.socketPath },
      auth: staticAuth({}),
    });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('every notification reaches the listeners in order, each as the general decoder reads it', async () => {
    const frames = [
      screenUpdate(UUID),
      frameOf({ newSessionNotification: { sessionId: 'S2' } }),
      screenUpdate('x'.repeat(125)),
      Uint8Array.from([0xc2, 0x3e, 0x06, 0x12, 0x04, 0x0a, 0x02, 0xff, 0xfe]),
      screenUpdate('S2'),
    ];
    const heard: Notification[] = [];
    client.onNotification((n) => heard.push(n));
    server.answer = (request, socket) => {
      for (const frame of frames) socket.send(frame, { binary: true });
      const id = requestId(request);
      socket.send(
        toBinary(
          ServerOriginatedMessageSchema,
          create(ServerOriginatedMessageSchema, {
            id,
            submessage: { case: 'listSessionsResponse', value: {} },
          }),
        ),
        { binary: true },
      );
    };
    await client.call('listSessionsRequest', {});
    expect(
      heard.map((n) => n.screenUpdateNotification?.session ?? n.newSessionNotification?.sessionId),
    ).toEqual([UUID, 'S2', 'x'.repeat(125), '\uFFFD\uFFFD', 'S2']);
    heard.forEach((n, i) =>
      expect(equals(NotificationSchema, n, decodedNotification(frames[i]!)!)).toBe(true),
    );
  });
});
