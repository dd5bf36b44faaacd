// Message framing of libvirt's RPC: each message is a 4-byte big-endian length word that counts
// itself, then the 24-byte header, then the payload.
//
// FrameSplitter turns a byte stream, cut anywhere by the transport, into whole frames. Frames
// that arrive whole inside one chunk are handed over as views of that chunk (no copy); a frame cut
// across chunks is assembled in one buffer of exactly its size, allocated only once its length
// word has been read and checked, so a hostile length word costs nothing. Frames keep their length
// word, so they can be logged or forwarded as received; the header starts at offset 4.
import { ErrorCode, ErrorDomain, errorsFrom, type VirError } from '../util/error.js';
import { encodeHeader, HEADER_SIZE, Limits, type MessageHeader } from '../protocol/header.js';
import { XdrWriter } from '../protocol/xdr/writer.js';

const report = errorsFrom(ErrorDomain.Rpc);
const LEN = Limits.lengthWord;

/** Where the payload starts in a frame from FrameSplitter or encodeFrame. */
export const PAYLOAD_OFFSET = LEN + HEADER_SIZE;

/**
 * libvirt's checks on a length word (virNetMessageDecodeLength), with its texts. The numbers are
 * printed as C's %d prints an unsigned int, so a huge length shows up negative, as it does there.
 * Returns the number of bytes that follow the length word.
 */
export function checkLengthWord(len: number, messageMax: number = Limits.messageMax): number {
  if (len < LEN) throw report(ErrorCode.Rpc, `packet ${len | 0} bytes received from server too small, want ${LEN}`);
  const rest = len - LEN;
  if (rest > messageMax) throw report(ErrorCode.Rpc, `packet ${rest | 0} bytes received from server too large, want ${messageMax}`);
  return rest;
}

export interface FrameSplitterOptions {
  /** Largest message after the length word (default libvirt's VIR_NET_MESSAGE_MAX). */
  messageMax?: number;
  /**
   * Hand over copies of frames found whole in a chunk instead of views of it: for chunks in a
   * read buffer that is reused once push() returns (small frames come from Node's buffer pool).
   */
  copyFrames?: boolean;
}

export class FrameSplitter {
  readonly #onFrame: (frame: Buffer) => void;
  readonly #messageMax: number;
  readonly #copyFrames: boolean;
  /** The length word while it arrives in pieces. */
  readonly #lenBuf = Buffer.alloc(LEN);
  #lenHave = 0;
  /** The frame being assembled across chunks, or null between frames. */
  #frame: Buffer | null = null;
  #have = 0;
  /** Bytes still to discard before the next frame (see skip()). */
  #skip = 0;
  #failed: VirError | null = null;

  constructor(onFrame: (frame: Buffer) => void, opts: FrameSplitterOptions = {}) {
    this.#onFrame = onFrame;
    this.#messageMax = opts.messageMax ?? Limits.messageMax;
    this.#copyFrames = opts.copyFrames ?? false;
  }

  /** Bytes held for an incomplete frame (for tests and flow control). */
  get pending(): number {
    return this.#frame === null ? this.#lenHave : this.#have;
  }

  /**
   * Discard the next `n` bytes after the frame just handed over: the one byte per descriptor that
   * carries SCM_RIGHTS after a CALL_WITH_FDS message, which a plain read sees (without the
   * descriptors, which the kernel closes) as part of the byte stream. Called from onFrame.
   */
  skip(n: number): void {
    this.#skip += n;
  }

  /**
   * Feed bytes as they come. Calls onFrame once per complete frame, in order. A bad length word
   * throws a VirError; the stream cannot be resynchronised after that, so every later push throws
   * the same error (the caller closes the connection, as libvirt does).
   */
  push(chunk: Buffer): void {
    if (this.#failed) throw this.#failed;
    const n = chunk.length;
    let off = 0;
    while (off < n) {
      if (this.#skip > 0) {
        const take = Math.min(this.#skip, n - off);
        this.#skip -= take;
        off += take;
        continue;
      }
      if (this.#frame !== null) {
        // Continue a frame begun in an earlier chunk.
        const frame = this.#frame;
        const take = Math.min(frame.length - this.#have, n - off);
        chunk.copy(frame, this.#have, off, off + take);
        this.#have += take;
        off += take;
        if (this.#have === frame.length) {
          this.#frame = null;
          this.#have = 0;
          this.#onFrame(frame);
        }
        continue;
      }
      if (this.#lenHave === 0 && n - off >= LEN) {
        // Fast path: the length word is whole in this chunk.
        const rest = this.#check(chunk.readUInt32BE(off));
        const total = LEN + rest;
        if (n - off >= total) {
          let frame: Buffer;
          if (this.#copyFrames) {
            frame = Buffer.allocUnsafe(total);
            chunk.copy(frame, 0, off, off + total);
          } else {
            frame = chunk.subarray(off, off + total);
          }
          off += total;
          this.#onFrame(frame);
          continue;
        }
        this.#frame = Buffer.allocUnsafe(total);
        chunk.copy(this.#frame, 0, off, n);
        this.#have = n - off;
        off = n;
        continue;
      }
      // The length word itself is cut: collect it byte by byte (at most three bytes here).
      this.#lenBuf[this.#lenHave++] = chunk[off++]!;
      if (this.#lenHave === LEN) {
        this.#lenHave = 0;
        const rest = this.#check(this.#lenBuf.readUInt32BE(0));
        const frame = Buffer.allocUnsafe(LEN + rest);
        this.#lenBuf.copy(frame, 0);
        if (rest === 0) {
          this.#onFrame(frame);
        } else {
          this.#frame = frame;
          this.#have = LEN;
        }
      }
    }
  }

  #check(len: number): number {
    try {
      return checkLengthWord(len, this.#messageMax);
    } catch (e) {
      this.#failed = e as VirError;
      throw e;
    }
  }
}

/**
 * Build a whole frame: length word, header, then whatever `payload` writes. A message larger than
 * libvirt accepts fails here with libvirt's text rather than at the peer.
 */
export function encodeFrame(header: MessageHeader, payload?: (w: XdrWriter) => void, w: XdrWriter = new XdrWriter(256)): Buffer {
  const start = w.pos;
  w.uint(0); // the length word, filled in below
  encodeHeader(w, header);
  payload?.(w);
  const len = w.pos - start;
  if (len - LEN > Limits.messageMax) throw report(ErrorCode.Rpc, 'Unable to encode message payload');
  w.patchUint(start, len);
  return w.buf.subarray(start, w.pos);
}

/** A stream data frame: its payload is the bytes themselves, not an XDR opaque. */
export function encodeRawFrame(header: MessageHeader, data: Uint8Array): Buffer {
  const total = PAYLOAD_OFFSET + data.length;
  if (total - LEN > Limits.messageMax) throw report(ErrorCode.Rpc, 'Unable to encode message payload');
  const w = new XdrWriter(total);
  w.uint(total);
  encodeHeader(w, header);
  w.buf.set(data, w.pos);
  w.pos += data.length;
  return w.finish();
}
