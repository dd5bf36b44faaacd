// A cursor over one received buffer. Nothing is copied: opaque data comes back as a view
// (Buffer.subarray) of the frame it was read from, so a caller that keeps it beyond the life of
// the frame must copy it.
import { xdrError } from './errors.js';

export class XdrReader {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Claim n bytes and return where they start. */
  take(n: number): number {
    const p = this.pos;
    if (n > this.end - p) throw xdrError(`XDR data ends ${this.end - p} bytes into a ${n} byte item`);
    this.pos = p + n;
    return p;
  }

  int(): number {
    return this.buf.readInt32BE(this.take(4));
  }

  uint(): number {
    return this.buf.readUInt32BE(this.take(4));
  }

  /** C's narrowing on decode (libtirpc's xdr_u_char keeps the low byte), as libvirt sees it. */
  uchar(): number {
    return this.buf.readUInt32BE(this.take(4)) & 0xff;
  }

  char(): number {
    return (this.buf.readInt32BE(this.take(4)) << 24) >> 24;
  }

  ushort(): number {
    return this.buf.readUInt32BE(this.take(4)) & 0xffff;
  }

  hyper(): bigint {
    return this.buf.readBigInt64BE(this.take(8));
  }

  uhyper(): bigint {
    return this.buf.readBigUInt64BE(this.take(8));
  }

  /** XDR bool is an int that must be 0 or 1 (glibc's xdr_bool treats any non-zero as true; so do we). */
  bool(): boolean {
    return this.buf.readInt32BE(this.take(4)) !== 0;
  }

  double(): number {
    return this.buf.readDoubleBE(this.take(8));
  }

  float(): number {
    return this.buf.readFloatBE(this.take(4));
  }

  /** The length word of a variable-length item, checked against its declared maximum. */
  length(max: number, what: string): number {
    const n = this.buf.readUInt32BE(this.take(4));
    if (n > max) throw xdrError(`XDR ${what} length ${n} exceeds maximum ${max}`);
    return n;
  }

  /** n bytes plus padding to a multiple of four; returns a view, not a copy. */
  fixedOpaque(n: number): Buffer {
    const p = this.take((n + 3) & ~3);
    return this.buf.subarray(p, p + n);
  }

  opaque(max: number): Buffer {
    return this.fixedOpaque(this.length(max, 'opaque'));
  }

  string(max: number): string {
    const n = this.length(max, 'string');
    const p = this.take((n + 3) & ~3);
    return this.buf.toString('utf8', p, p + n);
  }
}
