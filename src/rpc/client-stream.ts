// One data stream over an RPC connection (libvirt's virNetClientStream): the packets of type
// STREAM / STREAM_HOLE that share the serial of the call that opened the stream.
//
// On the wire (virnetprotocol.x and libvirt's client):
//  - data travels as STREAM packets with status CONTINUE whose payload is the raw bytes; an
//    empty one from the daemon means end of data;
//  - a hole (sparse streams only) is a STREAM_HOLE packet, status CONTINUE, carrying
//    virNetStreamHole { hyper length; unsigned flags };
//  - finish is a STREAM packet with status OK and no payload, abort the same with status ERROR;
//    the daemon confirms either with STREAM / OK, or reports a failure with STREAM / ERROR and a
//    remote_error; data already in flight when we sent ours still arrives before the
//    confirmation, and is dropped unread (libvirt's client discards it with the stream);
//  - waiting for data sends nothing (libvirt's "dummy packet" never reaches the wire).
//
// Two ways to use a stream: the primitives below with libvirt's virStreamRecv/Send semantics (for
// the public stream API), or Node streams from readable()/writable() (for tools). Either way
// incoming data is queued up to a high-water mark, past which the client stops reading its
// transport until the consumer catches up.
import { Readable, Writable } from 'node:stream';
import { XdrReader } from '../protocol/xdr/index.js';
import { Limits, MessageStatus, MessageType } from '../protocol/header.js';
import { StreamHole } from '../protocol/net/types.generated.js';
import type { ProcDef } from '../protocol/procedure.js';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../util/error.js';
import { PAYLOAD_OFFSET, encodeFrame, encodeRawFrame } from './framing.js';
import type { CloseInfo, ProgramId } from './client.js';

const report = errorsFrom(ErrorDomain.Rpc);

/** What a stream needs of its client (implemented by RpcClient). */
export interface StreamHost {
  sendStreamFrame(frame: Buffer): Promise<void>;
  streamFull(st: RpcStream, full: boolean): void;
  streamDone(st: RpcStream): void;
  readonly closeInfo: CloseInfo | null;
}

export interface RpcStreamOptions {
  /** Bytes of incoming data queued before the client stops reading its transport. */
  highWaterMark?: number;
  /** Holes may be sent and received (the procedure was called with its sparse flag). */
  sparse?: boolean;
}

export interface RecvOptions {
  /** Return 'hole' instead of zeros when the next thing in the stream is a hole (VIR_STREAM_RECV_STOP_AT_HOLE). */
  stopAtHole?: boolean;
  /** Return 'again' instead of waiting when nothing is queued (a VIR_STREAM_NONBLOCK stream). */
  nonBlock?: boolean;
  signal?: AbortSignal;
}

type Queued = { data: Buffer; off: number } | { holeFrame: Buffer };

/** Largest chunk of zeros handed out at once when a hole is read as data. */
const ZERO_CHUNK = Limits.legacyPayloadMax;
/** Largest packet the Node writable adapter sends (what libvirt's own tools send at most). */
const WRITE_CHUNK = Limits.legacyPayloadMax;

export class RpcStream {
  readonly #host: StreamHost;
  readonly prog: ProgramId;
  readonly proc: ProcDef;
  readonly serial: number;
  readonly sparse: boolean;
  readonly highWaterMark: number;
  readonly #queue: Queued[] = [];
  #head = 0;
  #queuedBytes = 0;
  #full = false;
  #eof = false;
  #holeLength = 0;
  #error: VirError | null = null;
  #closed: 'finished' | 'aborted' | null = null;
  /** Detached from its client: finished, aborted, or the connection went away. */
  #done = false;
  #waiters: Array<() => void> = [];
  /** A finish or abort waiting for the daemon's confirmation. */
  #confirm: { resolve(): void; reject(e: VirError): void; kind: 'finished' | 'aborted' } | null = null;

  constructor(host: StreamHost, prog: ProgramId, proc: ProcDef, serial: number, opts: RpcStreamOptions = {}) {
    this.#host = host;
    this.prog = prog;
    this.proc = proc;
    this.serial = serial;
    this.sparse = opts.sparse ?? false;
    this.highWaterMark = opts.highWaterMark ?? 4 * 1024 * 1024;
  }

  /** Bytes of data received and not yet consumed. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** The daemon has sent its end-of-data packet. */
  get eof(): boolean {
    return this.#eof;
  }

  // -------------------------------------------------------------------------------------------
  // Called by the client as packets arrive.

  /** @internal A CONTINUE packet: data, end of data, or a hole. */
  queuePacket(type: MessageType, frame: Buffer): void {
    // Once finish or abort is sent nobody will read what was still in flight: drop it, so it
    // neither costs memory nor pauses the transport ahead of the daemon's confirmation.
    if (this.#done || this.#confirm) return;
    if (type === MessageType.StreamHole) {
      this.#queue.push({ holeFrame: frame });
    } else if (frame.length === PAYLOAD_OFFSET) {
      this.#eof = true;
    } else {
      const data = frame.subarray(PAYLOAD_OFFSET);
      this.#queue.push({ data, off: 0 });
      this.#queuedBytes += data.length;
      if (!this.#full && this.#queuedBytes > this.highWaterMark) {
        this.#full = true;
        this.#host.streamFull(this, true);
      }
    }
    this.#wake();
  }

  /** @internal The daemon confirmed our finish or abort. */
  confirmed(): void {
    const c = this.#confirm;
    if (!c) return;
    this.#confirm = null;
    this.#closed = c.kind;
    c.resolve();
    this.#wake();
  }

  /** @internal The daemon reported a failure of the stream. */
  setError(e: VirError): void {
    this.#error = e;
    const c = this.#confirm;
    this.#confirm = null;
    c?.reject(e);
    this.#wake();
  }

  /** @internal The stream is over for the client (call failed, connection gone): fail whoever waits. */
  detach(e: VirError | null): void {
    if (e && !this.#error && !this.#closed) this.#error = e;
    this.#done = true;
    const c = this.#confirm;
    this.#confirm = null;
    if (c) c.reject(e ?? this.#error ?? report(ErrorCode.OperationFailed, 'stream is closed'));
    this.#dropQueue();
    this.#host.streamDone(this);
    this.#wake();
  }

  #dropQueue(): void {
    this.#queue.length = 0;
    this.#head = 0;
    this.#queuedBytes = 0;
    this.#full = false;
  }

  /**
   * Forget the unread data and let the client read its transport again. Needed before waiting
   * for a confirmation: with the queue full the transport is paused, and the daemon's answer
   * would sit behind the data we stopped reading.
   */
  #release(): void {
    const wasFull = this.#full;
    this.#dropQueue();
    this.#holeLength = 0;
    if (wasFull) this.#host.streamFull(this, false);
  }

  #wake(): void {
    if (this.#waiters.length === 0) return;
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  #changed(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!signal) {
        this.#waiters.push(resolve);
        return;
      }
      const onAbort = () => {
        const i = this.#waiters.indexOf(done);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal.reason);
      };
      const done = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(done);
    });
  }

  /** virNetClientStreamCheckState: a reported error, or "stream is closed". */
  #checkState(): void {
    if (this.#error) throw this.#error;
    if (this.#closed || this.#done) throw report(ErrorCode.OperationFailed, 'stream is closed');
  }

  #peek(): Queued | undefined {
    return this.#queue[this.#head];
  }

  #shift(): void {
    this.#queue[this.#head++] = undefined as unknown as Queued;
    // Compact now and then so the array does not grow with the stream's length.
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #consumed(n: number): void {
    this.#queuedBytes -= n;
    if (this.#full && this.#queuedBytes <= this.highWaterMark) {
      this.#full = false;
      this.#host.streamFull(this, false);
    }
  }

  /** Take a hole packet from the head of the queue into holeLength (virNetClientStreamHandleHole). */
  #takeHole(frame: Buffer): void {
    if (!this.sparse) throw report(ErrorCode.Rpc, 'Unexpected stream hole');
    let hole: StreamHole;
    try {
      hole = StreamHole.decode(new XdrReader(frame, PAYLOAD_OFFSET, frame.length));
    } catch {
      throw report(ErrorCode.InternalError, 'Malformed stream hole packet');
    }
    this.#shift();
    const length = Number(hole.length);
    if (this.#holeLength) throw report(ErrorCode.InternalError, `unprocessed hole of size ${this.#holeLength} already in the queue`);
    if (length <= 0) throw report(ErrorCode.InvalidArg, `length in ${'virNetClientStreamSetHole'} must be greater than zero`);
    this.#holeLength = length;
  }

  // -------------------------------------------------------------------------------------------
  // libvirt's stream primitives.

  /**
   * Receive up to `nbytes` (virStreamRecvFlags): a Buffer (empty at end of data), 'hole' when
   * stopAtHole is set and a hole comes next, 'again' for a non-blocking stream with nothing
   * queued. A hole is otherwise read as zeros.
   */
  async recv(nbytes: number, opts: RecvOptions = {}): Promise<Buffer | 'hole' | 'again'> {
    for (;;) {
      this.#checkState();
      if (this.#head === this.#queue.length && !this.#eof && this.#holeLength === 0) {
        if (opts.nonBlock) return 'again';
        await this.#changed(opts.signal);
        continue;
      }
      const head = this.#peek();
      if (head && 'holeFrame' in head && this.#holeLength === 0) this.#takeHole(head.holeFrame);
      if (this.#head === this.#queue.length && !this.#eof && this.#holeLength === 0) continue;
      break;
    }
    let want = nbytes;
    const parts: Buffer[] = [];
    if (this.#holeLength) {
      if (opts.stopAtHole) return 'hole';
      const len = Math.min(want, this.#holeLength, ZERO_CHUNK);
      parts.push(Buffer.alloc(len));
      this.#holeLength -= len;
      want -= len;
    }
    while (want > 0) {
      const head = this.#peek();
      if (!head || !('data' in head)) break;
      const avail = head.data.length - head.off;
      const len = Math.min(want, avail);
      parts.push(head.data.subarray(head.off, head.off + len));
      head.off += len;
      want -= len;
      this.#consumed(len);
      if (head.off === head.data.length) this.#shift();
    }
    if (parts.length === 1) return parts[0]!;
    return Buffer.concat(parts);
  }

  /** The length of the hole at the current position (virStreamRecvHole), then forget it. */
  recvHole(): number {
    if (!this.sparse) throw report(ErrorCode.OperationInvalid, 'Holes are not supported with this stream');
    this.#checkState();
    const n = this.#holeLength;
    this.#holeLength = 0;
    return n;
  }

  /** What comes next (virStreamInData): data and how much is queued, or a hole and its length. */
  inData(): { inData: boolean; length: number } {
    if (!this.sparse) throw report(ErrorCode.OperationInvalid, 'Holes are not supported with this stream');
    this.#checkState();
    const head = this.#peek();
    if (!head) {
      const length = this.#holeLength;
      this.#holeLength = 0;
      return { inData: false, length };
    }
    if ('data' in head) return { inData: true, length: head.data.length - head.off };
    if (this.#holeLength === 0) this.#takeHole(head.holeFrame);
    const length = this.#holeLength;
    this.#holeLength = 0;
    return { inData: false, length };
  }

  #header(type: MessageType, status: MessageStatus) {
    return { prog: this.prog.program, vers: this.prog.version, proc: this.proc.id, type, serial: this.serial, status };
  }

  /**
   * Send bytes as one packet (virStreamSend). Resolves with the count once the transport has
   * taken them, so a writer that awaits each send never runs ahead of the connection.
   */
  async send(data: Uint8Array): Promise<number> {
    this.#checkState();
    const room = Limits.messageMax + Limits.lengthWord - PAYLOAD_OFFSET;
    if (data.length > room) {
      throw report(ErrorCode.Rpc, `Stream data too long to send (${data.length} bytes needed, ${room} bytes available)`);
    }
    await this.#host.sendStreamFrame(encodeRawFrame(this.#header(MessageType.Stream, MessageStatus.Continue), data));
    return data.length;
  }

  /** Send a hole (virStreamSendHole); only on sparse streams. */
  async sendHole(length: number, flags = 0): Promise<void> {
    if (!this.sparse) throw report(ErrorCode.OperationInvalid, 'Skipping is not supported with this stream');
    this.#checkState();
    const frame = encodeFrame(this.#header(MessageType.StreamHole, MessageStatus.Continue), (w) =>
      StreamHole.encode(w, { length: BigInt(length), flags }),
    );
    await this.#host.sendStreamFrame(frame);
  }

  /** Tell the daemon we are done and wait for its confirmation (virStreamFinish). */
  finish(opts: { signal?: AbortSignal } = {}): Promise<void> {
    return this.#close('finished', MessageStatus.Ok, opts.signal);
  }

  /** Tell the daemon to give up and wait for its confirmation (virStreamAbort). */
  abort(opts: { signal?: AbortSignal } = {}): Promise<void> {
    return this.#close('aborted', MessageStatus.Error, opts.signal);
  }

  async #close(kind: 'finished' | 'aborted', status: MessageStatus, signal?: AbortSignal): Promise<void> {
    try {
      this.#checkState();
      if (this.#confirm) {
        throw report(ErrorCode.OperationFailed, kind === 'finished' ? 'stream aborted by another thread' : 'stream is closed');
      }
      const confirmed = new Promise<void>((resolve, reject) => (this.#confirm = { resolve, reject, kind }));
      // Failures reach it through detach/setError, possibly before we await it.
      confirmed.catch(() => {});
      this.#release();
      await this.#host.sendStreamFrame(encodeFrame(this.#header(MessageType.Stream, status)));
      if (!signal) return await confirmed;
      signal.throwIfAborted();
      let onAbort!: () => void;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        await Promise.race([confirmed, aborted]);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    } finally {
      // Finished, aborted or failed: libvirt's client forgets the stream in every case.
      if (!this.#done) {
        this.#done = true;
        this.#dropQueue();
        this.#host.streamDone(this);
        this.#wake();
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Node adapters.

  /**
   * The incoming bytes as a Node Readable (holes read as zeros). At the end of data the stream
   * is finished with the daemon before 'end' is emitted; destroying the Readable early aborts it.
   */
  readable(opts: { highWaterMark?: number } = {}): Readable {
    let finished = false;
    const rs: Readable = new Readable({
      highWaterMark: opts.highWaterMark ?? 256 * 1024,
      read: (size) => {
        void (async () => {
          try {
            const chunk = await this.recv(Math.max(size, 64 * 1024));
            if (typeof chunk !== 'string' && chunk.length > 0) {
              rs.push(chunk);
              return;
            }
            finished = true;
            await this.finish();
            rs.push(null);
          } catch (e) {
            rs.destroy(e as Error);
          }
        })();
      },
      destroy: (err, cb) => {
        if (finished || this.#done) return cb(err);
        this.abort().then(
          () => cb(err),
          () => cb(err),
        );
      },
    });
    return rs;
  }

  /**
   * A Node Writable sending each chunk as stream packets (at most 256 KiB each). The write
   * callback waits for the transport, so Node's own backpressure reaches the socket. end()
   * finishes the stream with the daemon; destroy() aborts it.
   */
  writable(opts: { highWaterMark?: number } = {}): Writable {
    return new Writable({
      highWaterMark: opts.highWaterMark ?? 256 * 1024,
      write: (chunk: Buffer, _enc, cb) => {
        this.#sendChunks(chunk).then(() => cb(), cb);
      },
      final: (cb) => {
        this.finish().then(() => cb(), cb);
      },
      destroy: (err, cb) => {
        if (this.#done || !err) return cb(err);
        this.abort().then(
          () => cb(err),
          () => cb(err),
        );
      },
    });
  }

  async #sendChunks(chunk: Buffer): Promise<void> {
    for (let off = 0; off < chunk.length; off += WRITE_CHUNK) {
      await this.send(chunk.subarray(off, Math.min(chunk.length, off + WRITE_CHUNK)));
    }
  }

  /** Iterate over the incoming bytes; the stream is finished after the last chunk. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      const chunk = await this.recv(ZERO_CHUNK);
      if (typeof chunk === 'string') continue;
      if (chunk.length === 0) break;
      yield chunk;
    }
    await this.finish();
  }
}
