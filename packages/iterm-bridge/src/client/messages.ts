import {
  create,
  fromBinary,
  isFieldSet,
  toBinary,
  type DescField,
  type MessageInitShape,
} from '@bufbuild/protobuf';
import {
  ClientOriginatedMessageSchema,
  ServerOriginatedMessageSchema,
  type ClientOriginatedMessage,
  type ServerOriginatedMessage,
} from '../gen/api_pb';
import { bufferAnswer } from './buffer-response-frame';

type RequestInitUnion = NonNullable<MessageInitShape<typeof ClientOriginatedMessageSchema>['submessage']>;

/** The name of a request in `ClientOriginatedMessage.submessage`, e.g. `listSessionsRequest`. */
export type RequestCase = NonNullable<ClientOriginatedMessage['submessage']['case']>;
/** What a request of that kind is built from (plain object, proto2 defaults for what is left out). */
export type RequestInit<C extends RequestCase> = Extract<RequestInitUnion, { case: C }>['value'];
/** The response case that answers a request case: same field number, `…Request` → `…Response`. */
export type ResponseCase<C extends RequestCase> = C extends `${infer N}Request` ? `${N}Response` : never;
/** The decoded response of a request kind. */
export type ResponseOf<C extends RequestCase> = Extract<
  ServerOriginatedMessage['submessage'],
  { case: ResponseCase<C> }
>['value'];

const memo = <T>(compute: (key: string) => T) => {
  const cache = new Map<string, T>();
  return (key: string): T => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) cache.set(key, (value = compute(key)));
    return value as T;
  };
};

const responseCaseMemo = memo((requestCase) => requestCase.replace(/Request$/, 'Response'));
export const responseCaseOf = <C extends RequestCase>(requestCase: C) =>
  responseCaseMemo(requestCase) as ResponseCase<C>;

/** `listSessionsRequest` → `list_sessions` (the proto field name, used in messages). */
export const operationName = memo((requestCase) =>
  requestCase.replace(/Request$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
);

/** Serialises one request frame. The id is always written (proto2 presence), 0 included. */
export function encodeRequest<C extends RequestCase>(
  id: bigint,
  requestCase: C,
  value: RequestInit<C>,
): Uint8Array {
  const submessage = { case: requestCase, value } as RequestInitUnion;
  return toBinary(ClientOriginatedMessageSchema, create(ClientOriginatedMessageSchema, { id, submessage }));
}

export type Decoded =
  | { kind: 'response'; id: bigint; message: ServerOriginatedMessage }
  | { kind: 'notification'; message: ServerOriginatedMessage }
  | { kind: 'stray'; message: ServerOriginatedMessage }
  | { kind: 'garbage'; id: bigint | undefined; problem: string };

/**
 * Decodes one server frame. Responses carry an id (present, even 0); notifications carry none. Bytes
 * that do not parse are `garbage`, with the id read from the leading field when it is there, so the
 * request they answer can fail instead of waiting for its deadline.
 */
export function decodeServerFrame(bytes: Uint8Array): Decoded {
  // Screen reads' answers are most of the answers of a printing fleet: read without the reflective decoder.
  const buffer = bufferAnswer(bytes);
  if (buffer) return { kind: 'response', id: buffer.id, message: buffer.message };
  let message: ServerOriginatedMessage;
  try {
    message = fromBinary(ServerOriginatedMessageSchema, bytes);
  } catch (error) {
    return { kind: 'garbage', id: leadingId(bytes), problem: (error as Error).message };
  }
  const hasId = isFieldSet(message, ServerOriginatedMessageSchema.field.id);
  if (message.submessage.case === 'notification' && !hasId) return { kind: 'notification', message };
  if (hasId) return { kind: 'response', id: message.id, message };
  return { kind: 'stray', message };
}

/** Field 1 (varint) at the start of a frame: how every server message begins when it has an id. */
function leadingId(bytes: Uint8Array): bigint | undefined {
  if (bytes[0] !== 0x08) return undefined;
  let value = 0n;
  for (let i = 1, shift = 0n; i < bytes.length && i < 11; i++, shift += 7n) {
    const byte = bytes[i]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return value;
  }
  return undefined;
}

/** The `status` field of a response message kind, if it has one. */
export const statusField = memo((responseCase): DescField | undefined => {
  const field = ServerOriginatedMessageSchema.fields.find((f) => f.localName === responseCase);
  return field?.message?.field['status'];
});

/** Name of a status enum value (`SESSION_NOT_FOUND`), or its number as text when unknown. */
export function statusName(field: DescField, value: number): string {
  const values = field.enum?.values ?? [];
  return values.find((v) => v.number === value)?.name ?? `STATUS_${value}`;
}
