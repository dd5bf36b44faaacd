// The XDR toolkit: reader, writer, combinators, and two helpers for whole buffers.
import { XdrReader } from './reader.js';
import { XdrWriter } from './writer.js';
import type { Codec } from './types.js';
import { xdrError } from './errors.js';

export { XdrReader, XdrWriter, xdrError };
export * from './types.js';

/** Encode one value into a fresh buffer. */
export function encodeValue<T>(codec: Codec<T>, v: T, initialSize = 256): Buffer {
  const w = new XdrWriter(initialSize);
  codec.encode(w, v);
  return w.finish();
}

/**
 * Decode one value from a whole buffer. Trailing bytes are an error here (a test or a file wants
 * exactness); the RPC layer decodes payloads with a reader directly and, like libvirt, does not
 * look past the value.
 */
export function decodeValue<T>(codec: Codec<T>, buf: Buffer): T {
  const r = new XdrReader(buf);
  const v = codec.decode(r);
  if (r.pos !== r.end) throw xdrError(`${r.end - r.pos} bytes left after ${codec.xdr}`);
  return v;
}
