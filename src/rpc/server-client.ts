// One connected client of the server (libvirt's virNetServerClient): reads packets off its
// transport, hands complete ones to the server for dispatch, writes replies, and keeps the
// per-connection state (read-only, authentication, identity, keepalive, private data).
//
// Flow control follows libvirtd's max_client_requests: a call holds a slot from the moment its
// packet is complete until its reply has been handed to the kernel. With every slot taken the
// client's socket is paused, so a client that floods calls, or never reads its replies, stalls
// itself and costs the daemon at most max_client_requests replies of memory. Messages the daemon
// sends unasked (events, stream data) take no slot; they are bounded by a cap on queued bytes,
// above which the client is dropped rather than buffered without end.
import { EventEmitter } from 'node:events';
import { ErrorCode } from '../util/error.js';
import { logger } from '../util/log.js';
import { KeepAlive } from './keepalive.js';
import { FrameSplitter, PAYLOAD_OFFSET } from './framing.js';
import { MESSAGE_MAX, MessageType, decodeHeader, errorFrame, rpcError, type IncomingMessage, type RpcHeader } from './server-message.js';
import { Limits } from '../protocol/header.js';
import type { PeerIdentity, Transport } from './transport.js';

const log = logger('rpc.server-client');

/** Queued outgoing bytes above which a client that is not reading is disconnected. */
export const DEFAULT_MAX_QUEUED_BYTES = 4 * MESSAGE_MAX;

export enum ClientAuth {
  None = 0,
  Sasl = 1,
  Polkit = 2,
}

export interface ServerClientOptions {
  id: number;
  transport: Transport;
  readonly: boolean;
  auth: ClientAuth;
  maxRequests: number;
  keepaliveInterval: number;
  keepaliveCount: number;
  maxQueuedBytes?: number;
}

/** Consumes messages before program dispatch (streams): return true when the message was taken. */
export type ClientFilter = (client: ServerClient, msg: IncomingMessage) => boolean;

export interface ServerClientEvents {
  message: [IncomingMessage];
  close: [];
  authenticated: [];
  /** The socket's buffer went back under its high-water mark: unsolicited messages may go on. */
  drain: [];
}

export class ServerClient extends EventEmitter<ServerClientEvents> {
  readonly id: number;
  readonly readonly: boolean;
  readonly auth: ClientAuth;
  readonly peer: PeerIdentity;
  readonly connectedAt = Date.now();
  readonly keepalive: KeepAlive;
  /** Per-client data of the programs above (the remote driver's connection, event callbacks…). */
  readonly privateData = new Map<string, unknown>();

  #transport: Transport;
  #authenticated: boolean;
  #maxRequests: number;
  #maxQueuedBytes: number;
  /** Calls received whose replies are not yet written out. */
  #inflight = 0;
  /** Complete packets waiting for a free slot. */
  #backlog: IncomingMessage[] = [];
  #paused = false;
  #closed = false;
  #filters: ClientFilter[] = [];
  /** Cuts the byte stream into packets (src/rpc/framing.ts). */
  #splitter: FrameSplitter;

  constructor(o: ServerClientOptions) {
    super();
    this.id = o.id;
    this.readonly = o.readonly;
    this.auth = o.auth;
    this.peer = o.transport.peer;
    this.#transport = o.transport;
    // A transport with a fast read path reuses its buffer, so frames are copied out of it.
    this.#splitter = new FrameSplitter((frame) => this.#frame(frame), { copyFrames: o.transport.setReader !== undefined });
    this.#authenticated = o.auth === ClientAuth.None;
    this.#maxRequests = Math.max(1, o.maxRequests);
    this.#maxQueuedBytes = o.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    this.keepalive = new KeepAlive(
      o.keepaliveInterval,
      o.keepaliveCount,
      {
        send: (frame) => this.send(frame),
        dead: () => {
          log.warn(`connection closed due to keepalive timeout`);
          this.close();
        },
      },
      `client ${o.id}`,
    );
  }

  /** Begin reading; called by the server once the client is registered. */
  start(): void {
    const s = this.#transport.stream;
    const onData = (chunk: Buffer) => this.#onData(chunk);
    if (this.#transport.setReader) this.#transport.setReader(onData);
    else s.on('data', onData);
    s.on('end', () => this.close());
    s.on('close', () => this.close());
    // Senders of stream data wait for this rather than polling needsDrain.
    s.on('drain', () => this.emit('drain'));
    s.on('error', (e) => {
      log.debug(() => `client ${this.id} I/O error: ${e.message}`);
      this.close();
    });
    // A connection parked while the server was full was paused; reading starts now.
    s.resume();
  }

  get authenticated(): boolean {
    return this.#authenticated;
  }

  /** Mark authentication complete (after SASL or polkit succeeded). */
  setAuthenticated(): void {
    if (this.#authenticated) return;
    this.#authenticated = true;
    this.emit('authenticated');
  }

  get closed(): boolean {
    return this.#closed;
  }

  get inflight(): number {
    return this.#inflight;
  }

  get maxRequests(): number {
    return this.#maxRequests;
  }

  /** Whether reading from the socket is stopped for flow control. */
  get paused(): boolean {
    return this.#paused;
  }

  addFilter(f: ClientFilter): () => void {
    this.#filters.push(f);
    return () => {
      const i = this.#filters.indexOf(f);
      if (i >= 0) this.#filters.splice(i, 1);
    };
  }

  /** Enable server-initiated keepalive (the client asked for it via the keepalive feature probe). */
  startKeepAlive(): void {
    if (this.#closed) throw rpcError(ErrorCode.InternalError, 'connection not open');
    this.keepalive.start();
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    try {
      this.#splitter.push(chunk);
    } catch (e) {
      // A bad length word leaves no serial to answer and no way to resynchronise: libvirt
      // closes the connection.
      log.warn(`client ${this.id}: ${(e as Error).message}; closing`);
      this.close();
    }
  }

  #frame(frame: Buffer): void {
    if (this.#closed) return;
    if (frame.length < PAYLOAD_OFFSET) {
      log.warn(`client ${this.id}: Unable to decode message header; closing`);
      this.close();
      return;
    }
    const header = decodeHeader(frame);
    if (header.type === MessageType.CallWithFds) {
      this.#receivedWithFds(header, frame);
      return;
    }
    this.#received({ header, frame, payloadStart: PAYLOAD_OFFSET });
  }

  /**
   * A call whose descriptors follow it. libvirtd reads them off a unix socket with recvmsg and
   * closes the connection when it cannot; Node cannot read SCM_RIGHTS at all, but the descriptors
   * arrive as one byte each after the message, so the daemon counts them, drops those bytes (the
   * kernel closes the descriptors it is not asked for) and dispatches the call without them. What
   * it cannot take is answered as an error to the call, never by closing the connection.
   */
  #receivedWithFds(header: RpcHeader, frame: Buffer): void {
    let err: string | null = null;
    let count = 0;
    if (frame.length < PAYLOAD_OFFSET + 4) {
      err = 'Unable to decode number of FDs';
    } else {
      count = frame.readUInt32BE(PAYLOAD_OFFSET);
      if (count > Limits.fdsMax) err = `Received too many FDs ${count | 0}, expected ${Limits.fdsMax} maximum`;
      else if (this.peer.kind !== 'unix' && count > 0) err = 'Receiving file descriptors is not supported on this socket';
    }
    if (err === null) {
      this.#splitter.skip(count);
      this.#received({ header, frame, payloadStart: PAYLOAD_OFFSET + 4, fdCount: count });
      return;
    }
    log.warn(`client ${this.id}: ${err}`);
    this.#inflight++;
    this.reply(errorFrame(header, rpcError(err.startsWith('Receiving') ? ErrorCode.InternalError : ErrorCode.Rpc, err)));
  }

  #received(msg: IncomingMessage): void {
    // Keepalive packets are signs of life, answered here, and take no slot.
    if (this.keepalive.received(msg.header)) return;
    this.#inflight++;
    if (this.#backlog.length > 0 || this.#inflight > this.#maxRequests) {
      this.#backlog.push(msg);
      this.#pauseReading();
      return;
    }
    if (this.#inflight >= this.#maxRequests) this.#pauseReading();
    this.#deliver(msg);
  }

  #deliver(msg: IncomingMessage): void {
    for (const f of this.#filters) {
      if (f(this, msg)) return;
    }
    this.emit('message', msg);
  }

  #pauseReading(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#transport.stream.pause();
    log.debug(() => `client ${this.id} reached ${this.#maxRequests} requests in flight; reading paused`);
  }

  /** A slot was freed: run waiting packets, then read again if there is room. */
  #slotFreed(): void {
    this.#inflight--;
    // Backlogged packets are already counted in #inflight; the ones being handled are the rest.
    while (this.#backlog.length > 0 && !this.#closed && this.#inflight - this.#backlog.length < this.#maxRequests) {
      this.#deliver(this.#backlog.shift()!);
    }
    if (this.#paused && this.#backlog.length === 0 && this.#inflight < this.#maxRequests && !this.#closed) {
      this.#paused = false;
      this.#transport.stream.resume();
    }
  }

  /** One callback for every reply's write, rather than a closure per call. */
  readonly #replyWritten = (): void => this.#slotFreed();

  /** Send the reply to a call; its slot is freed once the bytes are handed to the kernel. */
  reply(frame: Buffer): void {
    if (this.#closed) {
      this.#inflight--;
      return;
    }
    this.#transport.stream.write(frame, this.#replyWritten);
  }

  /** Free a call's slot without replying (a dropped message). */
  release(): void {
    if (this.#closed) {
      this.#inflight--;
      return;
    }
    // Deferred so a burst of dropped packets cannot recurse through the backlog.
    queueMicrotask(() => this.#slotFreed());
  }

  /** Send a message nobody waits for (event, keepalive, stream data). */
  send(frame: Buffer): boolean {
    if (this.#closed) return false;
    const s = this.#transport.stream;
    if (s.writableLength + frame.length > this.#maxQueuedBytes) {
      log.warn(`client ${this.id} is not reading; ${s.writableLength} bytes queued; closing`);
      this.close();
      return false;
    }
    return s.write(frame);
  }

  /**
   * Whether unsolicited messages should wait: the socket's buffer is above its high-water mark.
   * A 'drain' event follows when it is back under it (or 'close' when the client goes).
   */
  get needsDrain(): boolean {
    return this.#transport.stream.writableNeedDrain;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.keepalive.stop();
    this.#backlog = [];
    this.#transport.destroy();
    log.debug(() => `client ${this.id} closed`);
    this.emit('close');
  }
}
