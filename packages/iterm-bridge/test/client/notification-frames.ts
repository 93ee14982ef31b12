import { create, toBinary } from '@bufbuild/protobuf';
import { decodeServerFrame } from '../../src/client/messages';
import {
  ServerOriginatedMessageSchema,
  type Notification,
  type NotificationSchema,
} from '../../src/gen/api_pb';

type NotificationInit = Parameters<typeof create<typeof NotificationSchema>>[1];

/** A server frame carrying `notification` (with an id when given: then it is not a notification frame). */
export const frameOf = (notification: NotificationInit, id?: bigint) =>
  toBinary(
    ServerOriginatedMessageSchema,
    create(ServerOriginatedMessageSchema, {
      ...(id === undefined ? {} : { id }),
      submessage: { case: 'notification', value: notification! },
    }),
  );

/** The notification the general decoder finds in a frame, if it is one. */
export function decodedNotification(bytes: Uint8Array): Notification | undefined {
  const decoded = decodeServerFrame(bytes);
  return decoded.kind === 'notification' && decoded.message.submessage.case === 'notification'
    ? decoded.message.submessage.value
    : undefined;
}
