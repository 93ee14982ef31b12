/**
 * A deliberately tiny protobuf wire writer for the golden fixtures. It is independent of the
 * generated module on purpose: the fixtures say byte for byte what the Python library writes
 * (known fields in field-number order, proto2 has-bits, so an explicit `false` is written).
 */
export type WireField =
  | { f: number; t: 'varint'; v: number | string }
  | { f: number; t: 'string'; v: string | { $: string } }
  | { f: number; t: 'msg'; v: WireField[] };

function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

/** Encodes fields in the order given; `{ $: name }` string values are taken from `refs`. */
export function encodeWire(fields: WireField[], refs: Record<string, string> = {}): Uint8Array {
  const out: number[] = [];
  for (const field of fields) {
    if (field.t === 'varint') {
      out.push(...varint(BigInt(field.f << 3)), ...varint(BigInt(field.v)));
      continue;
    }
    let payload: Uint8Array;
    if (field.t === 'string') {
      const text = typeof field.v === 'string' ? field.v : refs[field.v.$];
      if (text === undefined) throw new Error(`fixture reference ${JSON.stringify(field.v)} has no value`);
      payload = new TextEncoder().encode(text);
    } else payload = encodeWire(field.v, refs);
    out.push(...varint(BigInt((field.f << 3) | 2)), ...varint(BigInt(payload.length)), ...payload);
  }
  return new Uint8Array(out);
}

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
