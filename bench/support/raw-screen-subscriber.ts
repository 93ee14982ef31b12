/**
 * The least a client can do to hear screen updates: one WebSocket subscribed to them, every frame handed to
 * a decoder, nothing else. Two decoders, so one run can compare them on the same live traffic: `full` is
 * what the iTerm2 client did with every frame before session 13 (the reflective protobuf decoder), `direct`
 * what it does now (screen updates read from their bytes, anything else decoded in full).
 */
import { NotificationResponse_Status, NotificationType } from '../../packages/iterm-bridge/src/gen/api_pb';
import { openSocket } from '../../packages/iterm-bridge/src/client/handshake';
import { decodeServerFrame, encodeRequest } from '../../packages/iterm-bridge/src/client/messages';
import {
  screenUpdateNotification,
  screenUpdateSession,
} from '../../packages/iterm-bridge/src/client/screen-update-frame';

export type FrameDecoding = 'full' | 'direct';

export interface RawScreenSubscriber {
  /** Screen updates heard so far. */
  readonly updates: number;
  close(): void;
}

function sessionOf(bytes: Uint8Array, decoding: FrameDecoding): string | undefined {
  if (decoding === 'direct') {
    const session = screenUpdateSession(bytes);
    if (session !== undefined) return screenUpdateNotification(session).screenUpdateNotification?.session;
  }
  const decoded = decodeServerFrame(bytes);
  return decoded.kind === 'notification' && decoded.message.submessage.case === 'notification'
    ? decoded.message.submessage.value.screenUpdateNotification?.session
    : undefined;
}

export async function rawScreenSubscriber(
  socketPath: string,
  decoding: FrameDecoding,
): Promise<RawScreenSubscriber> {
  const { socket } = await openSocket({ socketPath }, {}, `bench-raw-${decoding}`, 5_000);
  const state = { updates: 0 };
  // The subscription's answer, checked before the bench counts: a refused one would read as a quiet fleet.
  const subscribed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench: no answer to the screen subscription')), 10_000);
    socket.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (sessionOf(bytes, decoding) !== undefined) return void state.updates++;
      const decoded = decodeServerFrame(bytes);
      if (decoded.kind !== 'response' || decoded.id !== 1n) return;
      clearTimeout(timer);
      const answer = decoded.message.submessage;
      if (answer.case === 'notificationResponse' && answer.value.status === NotificationResponse_Status.OK)
        resolve();
      else reject(new Error(`bench: the screen subscription was refused (${answer.case ?? 'no answer'})`));
    });
  });
  socket.send(
    encodeRequest(1n, 'notificationRequest', {
      session: 'all',
      subscribe: true,
      notificationType: NotificationType.NOTIFY_ON_SCREEN_UPDATE,
    }),
  );
  await subscribed.catch((error: unknown) => {
    socket.close();
    throw error;
  });
  return {
    get updates() {
      return state.updates;
    },
    close: () => socket.close(),
  };
}
