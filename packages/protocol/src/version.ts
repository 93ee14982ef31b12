/** Version of the wire contract. Bump on any incompatible change to commands, events or the wire. */
export const PROTOCOL_VERSION = 1;
