/** One protobuf field as the golden fixture writes it: number, wire type, value (nested messages as lists). */
export interface WireField {
  f: number;
  t: 'varint' | 'string' | 'msg' | 'bytes' | 'fixed64' | 'fixed32';
  v: unknown;
}

/**
 * A small, independent protobuf wire reader (client side) for comparing frames with the golden
 * fixture. `messages` names, by path of field numbers, which length-delimited fields are messages.
 */
export function decodeWire(
  bytes: Uint8Array,
  messages: (path: number[]) => boolean,
  path: number[] = [],
): WireField[] {
  const fields: WireField[] = [];
  let i = 0;
  const readVarint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = bytes[i++];
      if (byte === undefined) throw new Error('truncated varint');
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  while (i < bytes.length) {
    const key = Number(readVarint());
    const f = key >>> 3;
    const type = key & 7;
    if (type === 0) fields.push({ f, t: 'varint', v: Number(readVarint()) });
    else if (type === 2) {
      const length = Number(readVarint());
      const body = bytes.subarray(i, i + length);
      i += length;
      const here = [...path, f];
      if (messages(here)) fields.push({ f, t: 'msg', v: decodeWire(body, messages, here) });
      else fields.push({ f, t: 'string', v: Buffer.from(body).toString('utf8') });
    } else if (type === 1) {
      fields.push({ f, t: 'fixed64', v: Buffer.from(bytes.subarray(i, i + 8)).toString('hex') });
      i += 8;
    } else if (type === 5) {
      fields.push({ f, t: 'fixed32', v: Buffer.from(bytes.subarray(i, i + 4)).toString('hex') });
      i += 4;
    } else throw new Error(`wire type ${type} not expected`);
  }
  return fields;
}
