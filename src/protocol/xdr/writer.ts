// A growable output buffer. It starts small and doubles, so a typical call (a few hundred bytes)
// costs one pooled allocation; finish() hands back a view of the bytes written, without copying.
import { xdrError } from './errors.js';

export class XdrWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Make room for n more bytes. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Forget what was written but keep the buffer (for a writer reused per connection). */
  reset(): void {
    this.pos = 0;
  }

  /** The bytes written so far: a view that the next write after reset() will overwrite. */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  // Node's writeInt32BE turns undefined and NaN into 0 without complaint; a missing struct field
  // must not go out as a zero, so ints are checked here (one comparison).
  int(v: number): void {
    if (v !== (v | 0)) throw xdrError(`XDR int cannot hold ${v}`);
    this.reserve(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
  }

  uint(v: number): void {
    if (v !== v >>> 0) throw xdrError(`XDR unsigned int cannot hold ${v}`);
    this.reserve(4);
    this.pos = this.buf.writeUInt32BE(v, this.pos);
  }

  /**
   * rpcgen's `unsigned char` and `unsigned short` (libvirt's virDomainInfo.state and nrVirtCpu)
   * travel as a full unsigned int; a value the C field could not hold is refused here.
   */
  uchar(v: number): void {
    if (v !== (v & 0xff)) throw xdrError(`XDR unsigned char cannot hold ${v}`);
    this.uint(v);
  }

  /** rpcgen's (signed) `char`: one int on the wire, sign-extended. */
  char(v: number): void {
    if (v !== (v << 24) >> 24) throw xdrError(`XDR char cannot hold ${v}`);
    this.int(v);
  }

  ushort(v: number): void {
    if (v !== (v & 0xffff)) throw xdrError(`XDR unsigned short cannot hold ${v}`);
    this.uint(v);
  }

  /** Overwrite a uint written earlier (a length word whose value is known only at the end). */
  patchUint(at: number, v: number): void {
    this.buf.writeUInt32BE(v, at);
  }

  hyper(v: bigint): void {
    this.reserve(8);
    this.pos = this.buf.writeBigInt64BE(v, this.pos);
  }

  uhyper(v: bigint): void {
    this.reserve(8);
    this.pos = this.buf.writeBigUInt64BE(v, this.pos);
  }

  bool(v: boolean): void {
    if (typeof v !== 'boolean') throw xdrError(`XDR bool cannot hold ${String(v)}`);
    this.reserve(4);
    this.pos = this.buf.writeInt32BE(v ? 1 : 0, this.pos);
  }

  double(v: number): void {
    if (typeof v !== 'number') throw xdrError(`XDR double cannot hold ${String(v)}`);
    this.reserve(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }

  float(v: number): void {
    if (typeof v !== 'number') throw xdrError(`XDR float cannot hold ${String(v)}`);
    this.reserve(4);
    this.pos = this.buf.writeFloatBE(v, this.pos);
  }

  /** Exactly n bytes of data (a fixed opaque), zero-padded to a multiple of four. */
  fixedOpaque(v: Uint8Array, n: number): void {
    if (v.length !== n) throw xdrError(`XDR fixed opaque needs ${n} bytes, got ${v.length}`);
    this.bytes(v);
  }

  opaque(v: Uint8Array, max: number): void {
    if (v.length > max) throw xdrError(`XDR opaque length ${v.length} exceeds maximum ${max}`);
    this.uint(v.length);
    this.bytes(v);
  }

  private bytes(v: Uint8Array): void {
    const n = v.length;
    const padded = (n + 3) & ~3;
    this.reserve(padded);
    const buf = this.buf;
    let p = this.pos;
    // Short data (UUIDs, cookies of a few bytes) is copied by hand: a native copy costs more than
    // the loop below it.
    if (n <= 32) for (let i = 0; i < n; i++) buf[p++] = v[i]!;
    else {
      buf.set(v, p);
      p += n;
    }
    while (p < this.pos + padded) buf[p++] = 0;
    this.pos = p;
  }

  string(v: string, max: number): void {
    const len = v.length;
    // Most strings on the wire are short ASCII names: copy them char by char, which is several
    // times cheaper than a native UTF-8 encode for a dozen characters.
    if (len <= 64) {
      this.reserve(4 + len + 3);
      const buf = this.buf;
      const start = this.pos;
      let p = start + 4;
      let i = 0;
      for (; i < len; i++) {
        const c = v.charCodeAt(i);
        if (c > 0x7f) break;
        buf[p++] = c;
      }
      if (i === len) {
        if (len > max) throw xdrError(`XDR string length ${len} exceeds maximum ${max}`);
        buf.writeUInt32BE(len, start);
        while ((p & 3) !== (start & 3)) buf[p++] = 0;
        this.pos = p;
        return;
      }
    }
    // UTF-8 needs at most 3 bytes per UTF-16 unit: reserve that, write, then fill in the length,
    // which saves measuring the string twice.
    this.reserve(4 + len * 3 + 3);
    const start = this.pos;
    const n = this.buf.write(v, start + 4, 'utf8');
    if (n > max) throw xdrError(`XDR string length ${n} exceeds maximum ${max}`);
    this.buf.writeUInt32BE(n, start);
    let p = start + 4 + n;
    const end = start + 4 + ((n + 3) & ~3);
    while (p < end) this.buf[p++] = 0;
    this.pos = end;
  }

}
