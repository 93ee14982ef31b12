import { toBinary, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  NotificationSchema,
  ServerOriginatedMessageSchema,
  type Notification,
  type ServerOriginatedMessage,
} from '../gen/api_pb';

/**
 * The bytes of a frame the server sends, as `toBinary(ServerOriginatedMessageSchema, message)` gives them.
 *
 * Every frame is an envelope (`ServerOriginatedMessage`: an optional id and a oneof of 37 answers) around one
 * answer, and a notification is a second envelope (`Notification`: 13 optional messages, one set). The reflective
 * encoder runs a presence check per declared field of each envelope (~50 per notification): in a fresh server,
 * whose first burst of 100 exits (~500 frames) runs that code unoptimized, a frame took ~23 µs against ~7 µs for
 * its inner message alone. So the envelopes' tags and lengths are written here and only the inner message is
 * encoded reflectively. The bytes are the same (protobuf-es writes fields in number order; an envelope with one
 * field set is that field's tag, length and message); anything else — an error string, unknown fields, a
 * notification with more than one field — goes to the reflective encoder whole.
 */
export function encodeServerMessage(message: ServerOriginatedMessage): Uint8Array {
  const submessage = message.submessage;
  const field = submessage.case === undefined ? undefined : answerFields.get(submessage.case);
  if (field === undefined || message.$unknown !== undefined)
    return toBinary(ServerOriginatedMessageSchema, message);
  const inner =
    submessage.case === 'notification'
      ? encodeNotification(submessage.value as Notification)
      : toBinary(field.message, submessage.value as never);
  if (inner === undefined) return toBinary(ServerOriginatedMessageSchema, message);
  const writer = new BinaryWriter();
  if (ownValue(message, 'id') !== undefined) writer.tag(1, WireType.Varint).int64(message.id!);
  return writer.tag(field.number, WireType.LengthDelimited).bytes(inner).finish();
}

type MessageField = DescField & { fieldKind: 'message'; message: DescMessage };

/** The envelope's message-typed answers by their oneof case (`error`, a string, is not one of them). */
const answerFields = new Map<string, MessageField>(
  ServerOriginatedMessageSchema.fields
    .filter((f): f is MessageField => f.oneof !== undefined && f.fieldKind === 'message')
    .map((f) => [f.localName, f]),
);
/** Notification's fields in number order (all optional messages), as the reflective encoder writes them. */
const notificationFields = NotificationSchema.fields
  .filter((f): f is MessageField => f.fieldKind === 'message' && f.oneof === undefined)
  .sort((a, b) => a.number - b.number);

/** A Notification with exactly one field set, encoded; undefined for any other (the caller encodes it whole). */
function encodeNotification(notification: Notification): Uint8Array | undefined {
  if (notificationFields.length !== NotificationSchema.fields.length || notification.$unknown !== undefined)
    return undefined;
  let set: MessageField | undefined;
  for (const field of notificationFields) {
    if (ownValue(notification, field.localName) === undefined) continue;
    if (set !== undefined) return undefined;
    set = field;
  }
  if (set === undefined) return undefined;
  const value = ownValue(notification, set.localName) as never;
  return new BinaryWriter()
    .tag(set.number, WireType.LengthDelimited)
    .bytes(toBinary(set.message, value))
    .finish();
}

/** A field's value as the reflective encoder sees it: set only as an own property (defaults sit on the prototype). */
function ownValue(message: object, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(message, name)
    ? (message as Record<string, unknown>)[name]
    : undefined;
}
