// The RPC client: one connection to a libvirt daemon (ours or libvirt's), with many calls in
// flight, events, streams and keepalive (libvirt's virNetClient, without its thread hand-off:
// Node's single event loop plays the part of the "buck" libvirt passes between threads).
//
// API (what the remote driver uses):
//
//   const client = await RpcClient.connect(transport, opts);
//   const ret = await client.call(remoteProgram, remoteProcs.domainGetInfo, { dom }, { signal });
//   const off = client.onEvent(remoteProgram, remoteProcs.domainEventLifecycle, (msg) => …);
//   const { ret, stream } = await client.openStream(remoteProgram, remoteProcs.domainScreenshot, args, { signal });
//       stream.readable() / stream.writable() (Node streams), stream.recv()/send()/sendHole()
//       (libvirt's virStreamRecv/Send semantics), await stream.finish() or stream.abort()
//   client.startKeepAlive(interval, count);
//   client.on('close', ({ reason, error }) => …);   // also `await client.closed`
//   await client.close();
//
// `program` is any { program, version } pair: the generated Program objects
// (src/protocol/<prog>/procedures.generated.ts) are such pairs. Argument and result types come
// from the ProcDef, so `call` is typed end to end. Procedures without arguments take `undefined`.
//
// Failures are VirErrors with libvirt's code, domain and text:
//  - an error reply from the daemon: its remote_error, code and domain intact;
//  - the peer went away: "End of file while reading data: Input/output error" (system error, RPC
//    domain) for every pending call, then "internal error: client socket is closed" for any
//    later call, as libvirt's client reports them;
//  - keepalive: "internal error: connection closed due to keepalive timeout";
//  - an aborted call rejects with the signal's reason; its late reply is dropped by serial.
//
// Flow control: replies and events are read as they come. Stream data is queued per stream up to
// a high-water mark; past it the client stops reading the transport until the stream's consumer
// catches up, so a slow reader costs bounded memory (the daemon then holds the data, as it does
// for any slow client). Writes honour the transport's backpressure: stream sends resolve only
// once the transport has taken the data (after 'drain' when needed).
import { EventEmitter } from 'node:events';
import { XdrReader, XdrWriter } from '../protocol/xdr/index.js';
import { Limits, MessageStatus, MessageType, WireError, errorFromWire, type MessageHeader } from '../protocol/header.js';
import type { ProcDef } from '../protocol/procedure.js';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../util/error.js';
import { systemError } from '../util/system-error.js';
import { logger } from '../util/log.js';
import { FrameSplitter, PAYLOAD_OFFSET, encodeFrame } from './framing.js';
import { KeepAlive } from './keepalive.js';
import type { Transport } from './transport.js';
import { RpcStream, type RpcStreamOptions, type StreamHost } from './client-stream.js';

const log = logger('rpc.client');
const report = errorsFrom(ErrorDomain.Rpc);

/** A program as the client needs it: the generated Program objects fit. */
export interface ProgramId {
  readonly program: number;
  readonly version: number;
  readonly name?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** libvirt's virConnectCloseReason. */
export enum CloseReason {
  Error = 0,
  Eof = 1,
  Keepalive = 2,
  Client = 3,
}

export interface CloseInfo {
  reason: CloseReason;
  /** What pending calls were failed with; null for a clean local close. */
  error: VirError | null;
}

/**
 * A transport the client can ask for the helper process's error output (ssh, ext): libvirt
 * appends it to the end-of-file message, which is how "Permission denied (publickey)" reaches
 * the user.
 */
export interface ClientTransport extends Transport {
  errorOutput?(): string | null;
  /** Resolves once the transport has collected what it can of that output (process exit). */
  settled?(): Promise<void>;
}

export interface RpcClientOptions {
  /** Largest message accepted from the peer, after the length word (libvirt's VIR_NET_MESSAGE_MAX). */
  messageMax?: number;
  /** Bytes of stream data queued per stream before reading pauses (default 4 MiB). */
  streamHighWaterMark?: number;
  /** For logs: who the peer is. */
  label?: string;
}

interface Pending {
  readonly prog: ProgramId;
  readonly proc: ProcDef;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface EventEntry {
  readonly proc: ProcDef;
  readonly handlers: Set<(msg: any) => void>;
}

/** "internal error: client socket is closed" */
export function closedError(): VirError {
  return report(ErrorCode.InternalError, 'client socket is closed');
}

function eofError(stderr: string | null): VirError {
  const what = stderr ? `End of file while reading data: ${stderr}` : 'End of file while reading data';
  return systemError({ code: 'EIO', errno: -5, message: 'Input/output error' } as NodeJS.ErrnoException, what, ErrorDomain.Rpc);
}

function ioError(e: NodeJS.ErrnoException, stderr: string | null): VirError {
  // Node reports read and write failures alike; a broken pipe can only come from a write.
  const base = e.code === 'EPIPE' ? 'Cannot write data' : 'Cannot recv data';
  return systemError(e, stderr ? `${base}: ${stderr}` : base, ErrorDomain.Rpc);
}

/** XDR failures in our own encoding get libvirt's sentence; the detail goes to the log. */
function encodeFailure(e: unknown): VirError {
  log.debug(() => `encoding failed: ${(e as Error)?.message}`);
  return report(ErrorCode.Rpc, 'Unable to encode message payload');
}

function decodeFailure(e: unknown): VirError {
  log.debug(() => `decoding failed: ${(e as Error)?.message}`);
  return report(ErrorCode.Rpc, 'Unable to decode message payload');
}

function readHeader(frame: Buffer): MessageHeader {
  return {
    prog: frame.readUInt32BE(4),
    vers: frame.readUInt32BE(8),
    proc: frame.readInt32BE(12),
    type: frame.readInt32BE(16),
    serial: frame.readUInt32BE(20),
    status: frame.readInt32BE(24),
  };
}

export class RpcClient extends EventEmitter implements StreamHost {
  readonly transport: ClientTransport;
  readonly label: string;
  readonly #splitter: FrameSplitter;
  readonly #pending = new Map<number, Pending>();
  /** Serials of calls given up by their caller; their replies are dropped when they come. */
  readonly #abandoned = new Set<number>();
  readonly #events = new Map<number, Map<number, EventEntry>>();
  readonly #streams = new Map<number, RpcStream>();
  /** Streams whose queue is over its high-water mark; reading resumes when none is. */
  readonly #fullStreams = new Set<RpcStream>();
  readonly #keepalive: KeepAlive;
  readonly #streamHwm: number;
  #serial = 0;
  #closeInfo: CloseInfo | null = null;
  #drain: Promise<void> | null = null;
  readonly closed: Promise<CloseInfo>;
  #resolveClosed!: (info: CloseInfo) => void;

  /** Wrap a connected transport. Nothing is sent: libvirt's protocol has no greeting. */
  static async connect(transport: ClientTransport, opts: RpcClientOptions = {}): Promise<RpcClient> {
    return new RpcClient(transport, opts);
  }

  constructor(transport: ClientTransport, opts: RpcClientOptions = {}) {
    super();
    this.transport = transport;
    this.label = opts.label ?? 'server';
    this.#streamHwm = opts.streamHighWaterMark ?? 4 * 1024 * 1024;
    this.closed = new Promise((r) => (this.#resolveClosed = r));
    this.#splitter = new FrameSplitter((f) => this.#onFrame(f), { messageMax: opts.messageMax ?? Limits.messageMax });
    // The client always answers PINGs; it sends its own only once startKeepAlive() is called
    // (libvirt registers keepalive with interval -1 and starts it from virConnectSetKeepAlive).
    this.#keepalive = new KeepAlive(
      -1,
      0,
      {
        send: (frame) => void this.#write(frame),
        dead: () => this.#fail(CloseReason.Keepalive, report(ErrorCode.InternalError, 'connection closed due to keepalive timeout')),
      },
      this.label,
    );
    const s = transport.stream;
    s.on('data', (chunk: Buffer) => {
      if (this.#closeInfo) return;
      try {
        this.#splitter.push(chunk);
      } catch (e) {
        this.#fail(CloseReason.Error, e as VirError);
      }
    });
    s.on('end', () => void this.#peerGone(CloseReason.Eof, null));
    s.on('error', (e: NodeJS.ErrnoException) => void this.#peerGone(CloseReason.Error, e));
    s.on('close', () => void this.#peerGone(CloseReason.Eof, null));
    // A transport may have failed before we listened (a helper process that died at once).
    if (s.errored) queueMicrotask(() => void this.#peerGone(CloseReason.Error, s.errored as NodeJS.ErrnoException));
    else if (s.destroyed) queueMicrotask(() => void this.#peerGone(CloseReason.Eof, null));
  }

  /** Whether calls can still be made (virNetClientIsOpen). */
  get isOpen(): boolean {
    return this.#closeInfo === null;
  }

  /** Calls waiting for their reply (for tests and diagnostics). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  /** Make one call and wait for its reply, decoded with the procedure's result codec. */
  call<A, R>(prog: ProgramId, proc: ProcDef<A, R>, args: A, opts: CallOptions = {}): Promise<R> {
    const signal = opts.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#closeInfo) return Promise.reject(closedError());
    const serial = this.#nextSerial();
    let frame: Buffer;
    try {
      frame = this.#encodeCall(prog, proc, serial, args);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<R>((resolve, reject) => {
      const p: Pending = { prog, proc, resolve: resolve as (v: unknown) => void, reject };
      if (signal) {
        p.signal = signal;
        p.onAbort = () => {
          if (this.#pending.get(serial) !== p) return;
          this.#pending.delete(serial);
          this.#abandoned.add(serial);
          reject(signal.reason);
        };
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.#pending.set(serial, p);
      void this.#write(frame);
    });
  }

  /**
   * Make a call that opens a stream (procedures whose ProcDef has `stream`). The stream is
   * registered under the call's serial before the call goes out, so data the daemon sends right
   * after its reply is not lost.
   */
  async openStream<A, R>(
    prog: ProgramId,
    proc: ProcDef<A, R>,
    args: A,
    opts: CallOptions & RpcStreamOptions = {},
  ): Promise<{ ret: R; stream: RpcStream }> {
    opts.signal?.throwIfAborted();
    if (this.#closeInfo) throw closedError();
    const serial = this.#nextSerial();
    const frame = this.#encodeCall(prog, proc, serial, args);
    const stream = new RpcStream(this, prog, proc, serial, { highWaterMark: this.#streamHwm, ...opts });
    this.#streams.set(serial, stream);
    try {
      const ret = await new Promise<R>((resolve, reject) => {
        const p: Pending = { prog, proc, resolve: resolve as (v: unknown) => void, reject };
        const signal = opts.signal;
        if (signal) {
          p.signal = signal;
          p.onAbort = () => {
            if (this.#pending.get(serial) !== p) return;
            this.#pending.delete(serial);
            this.#abandoned.add(serial);
            reject(signal.reason);
          };
          signal.addEventListener('abort', p.onAbort, { once: true });
        }
        this.#pending.set(serial, p);
        void this.#write(frame);
      });
      return { ret, stream };
    } catch (e) {
      stream.detach(e as VirError);
      throw e;
    }
  }

  #nextSerial(): number {
    const s = this.#serial;
    this.#serial = (s + 1) >>> 0;
    return s;
  }

  #encodeCall(prog: ProgramId, proc: ProcDef, serial: number, args: unknown): Buffer {
    const header = { prog: prog.program, vers: prog.version, proc: proc.id, type: MessageType.Call, serial, status: MessageStatus.Ok };
    const codec = proc.args;
    try {
      return encodeFrame(header, codec ? (w) => codec.encode(w, args) : undefined, new XdrWriter(256));
    } catch (e) {
      throw encodeFailure(e);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Events

  /**
   * Call `handler` with each event (VIR_NET_MESSAGE) of this program and procedure, decoded with
   * the procedure's message codec. Returns a function that removes the handler.
   */
  onEvent<M>(prog: ProgramId, proc: ProcDef<M, any>, handler: (msg: M) => void): () => void {
    let byProc = this.#events.get(prog.program);
    if (!byProc) this.#events.set(prog.program, (byProc = new Map()));
    let entry = byProc.get(proc.id);
    if (!entry) byProc.set(proc.id, (entry = { proc, handlers: new Set() }));
    const e = entry;
    e.handlers.add(handler);
    return () => void e.handlers.delete(handler);
  }

  // -------------------------------------------------------------------------------------------
  // Keepalive

  /** Send PINGs after `interval` seconds of silence; give up after `count` unanswered ones. */
  startKeepAlive(interval: number, count: number): void {
    if (this.#closeInfo) throw closedError();
    this.#keepalive.stop();
    if (interval > 0) this.#keepalive.start(interval, count);
  }

  stopKeepAlive(): void {
    this.#keepalive.stop();
  }

  // -------------------------------------------------------------------------------------------
  // Closing

  /** Close the connection from our side (VIR_CONNECT_CLOSE_REASON_CLIENT). */
  async close(): Promise<void> {
    this.#fail(CloseReason.Client, null);
    await this.closed;
  }

  override on(event: 'close', listener: (info: CloseInfo) => void): this;
  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  async #peerGone(reason: CloseReason, e: NodeJS.ErrnoException | null): Promise<void> {
    if (this.#closeInfo) return;
    // A helper process (ssh) usually explains itself on stderr just before the pipe closes.
    if (this.transport.settled) {
      await Promise.race([this.transport.settled(), new Promise((r) => setTimeout(r, 200).unref())]);
      if (this.#closeInfo) return;
    }
    const stderr = this.transport.errorOutput?.() ?? null;
    this.#fail(reason, e ? ioError(e, stderr) : eofError(stderr));
  }

  /** Tear down once: fail every pending call, stream and waiter with `error`. */
  #fail(reason: CloseReason, error: VirError | null): void {
    if (this.#closeInfo) return;
    const info: CloseInfo = { reason, error };
    this.#closeInfo = info;
    if (error) log.debug(() => `connection to ${this.label} closed: ${error.message}`);
    this.#keepalive.stop();
    const failWith = error ?? closedError();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    this.#abandoned.clear();
    for (const p of pending) {
      if (p.onAbort) p.signal!.removeEventListener('abort', p.onAbort);
      p.reject(failWith);
    }
    for (const st of this.#streams.values()) st.detach(failWith);
    this.#streams.clear();
    this.#fullStreams.clear();
    this.transport.destroy();
    this.#resolveClosed(info);
    this.emit('close', info);
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /**
   * Queue a frame. Node keeps the order of writes; the promise says when the transport can take
   * more (immediately, or at its next 'drain').
   */
  #write(frame: Buffer): Promise<void> {
    if (this.#closeInfo) return Promise.reject(this.#closeInfo.error ?? closedError());
    const s = this.transport.stream;
    if (s.write(frame) && !this.#drain) return Promise.resolve();
    if (!this.#drain) {
      this.#drain = new Promise<void>((resolve, reject) => {
        const done = () => {
          s.off('drain', done);
          this.off('close', gone);
          this.#drain = null;
          resolve();
        };
        const gone = (info: CloseInfo) => {
          s.off('drain', done);
          this.#drain = null;
          reject(info.error ?? closedError());
        };
        s.on('drain', done);
        this.once('close', gone);
      });
      // The promise may have no other taker (calls don't wait for it).
      this.#drain.catch(() => {});
    }
    return this.#drain;
  }

  // StreamHost: what streams need of their client.

  /** @internal Send a stream packet; resolves when the transport can take more. */
  sendStreamFrame(frame: Buffer): Promise<void> {
    return this.#write(frame);
  }

  /** How the connection ended, or null while it is open. */
  get closeInfo(): CloseInfo | null {
    return this.#closeInfo;
  }

  /** @internal A stream's queue went over or back under its high-water mark. */
  streamFull(st: RpcStream, full: boolean): void {
    if (full) this.#fullStreams.add(st);
    else this.#fullStreams.delete(st);
    const s = this.transport.stream;
    if (this.#fullStreams.size > 0) {
      if (!s.isPaused()) s.pause();
    } else if (s.isPaused() && !this.#closeInfo) {
      s.resume();
    }
  }

  /** @internal The stream is finished or aborted: forget it. */
  streamDone(st: RpcStream): void {
    if (this.#streams.get(st.serial) === st) this.#streams.delete(st.serial);
    this.streamFull(st, false);
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  #onFrame(frame: Buffer): void {
    if (this.#closeInfo) return;
    if (frame.length < PAYLOAD_OFFSET) {
      this.#fail(CloseReason.Error, report(ErrorCode.Rpc, 'Unable to decode message header'));
      return;
    }
    const h = readHeader(frame);
    if (this.#keepalive.received(h)) return;
    switch (h.type) {
      case MessageType.Reply:
      case MessageType.ReplyWithFds:
        this.#onReply(h, frame);
        return;
      case MessageType.Message:
        this.#onEvent(h, frame);
        return;
      case MessageType.Stream:
      case MessageType.StreamHole:
        this.#onStream(h, frame);
        return;
      default:
        this.#fail(
          CloseReason.Error,
          report(ErrorCode.Rpc, `got unexpected RPC call prog ${h.prog | 0} vers ${h.vers | 0} proc ${h.proc} type ${h.type}`),
        );
    }
  }

  #onReply(h: MessageHeader, frame: Buffer): void {
    const p = this.#pending.get(h.serial);
    if (!p || p.prog.program !== h.prog || p.prog.version !== h.vers) {
      if (this.#abandoned.delete(h.serial)) return;
      // libvirt's client cannot tell where such a reply belongs and drops the connection.
      this.#fail(
        CloseReason.Error,
        report(ErrorCode.Rpc, `no call waiting for reply with prog ${h.prog | 0} vers ${h.vers | 0} serial ${h.serial | 0}`),
      );
      return;
    }
    this.#pending.delete(h.serial);
    if (p.onAbort) p.signal!.removeEventListener('abort', p.onAbort);
    if (h.proc !== p.proc.id) {
      p.reject(report(ErrorCode.InternalError, `Unexpected message proc ${h.proc} != ${p.proc.id}`));
      return;
    }
    const r = new XdrReader(frame, PAYLOAD_OFFSET, frame.length);
    switch (h.status) {
      case MessageStatus.Ok: {
        const codec = p.proc.ret;
        if (!codec) {
          p.resolve(undefined);
          return;
        }
        let v: unknown;
        try {
          v = codec.decode(r);
        } catch (e) {
          p.reject(decodeFailure(e));
          return;
        }
        p.resolve(v);
        return;
      }
      case MessageStatus.Error: {
        let w: WireError;
        try {
          w = WireError.decode(r);
        } catch (e) {
          p.reject(decodeFailure(e));
          return;
        }
        p.reject(errorFromWire(w));
        return;
      }
      default:
        p.reject(report(ErrorCode.Rpc, `Unexpected message status ${h.status}`));
    }
  }

  #onEvent(h: MessageHeader, frame: Buffer): void {
    const entry = this.#events.get(h.prog)?.get(h.proc);
    if (!entry || entry.handlers.size === 0) {
      log.debug(() => `no handler for event prog=${h.prog} vers=${h.vers} proc=${h.proc}`);
      return;
    }
    // libvirt's client checks these and drops the event with an error in its log.
    if (h.status !== MessageStatus.Ok) {
      log.error(`status mismatch in event (actual 0x${h.status.toString(16)}, expected 0x0)`);
      return;
    }
    let msg: unknown;
    try {
      msg = entry.proc.args ? entry.proc.args.decode(new XdrReader(frame, PAYLOAD_OFFSET, frame.length)) : undefined;
    } catch (e) {
      log.error(`${decodeFailure(e).message} (event ${entry.proc.name})`);
      return;
    }
    for (const handler of entry.handlers) {
      try {
        handler(msg);
      } catch (e) {
        log.error(`event handler for ${entry.proc.name} failed: ${(e as Error)?.message}`);
      }
    }
  }

  #onStream(h: MessageHeader, frame: Buffer): void {
    const st = this.#streams.get(h.serial);
    if (!st || st.prog.program !== h.prog || st.prog.version !== h.vers || st.proc.id !== h.proc) {
      // Packets may still arrive after we shut a stream down; libvirt ignores them too.
      log.debug(() => `no stream for packet prog=${h.prog} vers=${h.vers} serial=${h.serial} proc=${h.proc}`);
      return;
    }
    switch (h.status) {
      case MessageStatus.Continue:
        st.queuePacket(h.type, frame);
        return;
      case MessageStatus.Ok:
        st.confirmed();
        return;
      case MessageStatus.Error: {
        let err: VirError;
        try {
          err = errorFromWire(WireError.decode(new XdrReader(frame, PAYLOAD_OFFSET, frame.length)));
        } catch (e) {
          err = decodeFailure(e);
        }
        st.setError(err);
        return;
      }
      default:
        log.warn(`Stream with unexpected serial=${h.serial}, proc=${h.proc}, status=${h.status}`);
        this.#fail(CloseReason.Error, report(ErrorCode.Rpc, `Unexpected message status ${h.status}`));
    }
  }
}
