// The daemon side of streams (libvirt's remote_daemon_stream.c). A stream procedure's reply goes
// out first; then the data travels as STREAM packets with status CONTINUE whose payload is the raw
// bytes (no XDR length or padding), at most VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX of them from the
// daemon. A read stream (daemon → client) ends with an empty CONTINUE packet; the client closes
// either direction with a STREAM packet of its own — status OK to finish, ERROR to abort — which
// the daemon confirms with an empty STREAM / OK packet, or answers with a STREAM / ERROR one.
//
// Flow control, both ways, with one packet in hand at a time:
// - read streams: a packet is handed to the socket only while the socket's buffer is under its
//   high-water mark; otherwise the sender waits for the client's 'drain'. The source is pulled no
//   faster than the client reads, so a slow reader holds the daemon to about one packet beyond
//   the socket's high-water mark.
// - write streams: each data packet keeps the request slot it took on arrival until the sink has
//   taken its bytes, as libvirtd keeps the message until virStreamSend took it. With every slot
//   of max_client_requests held the client's socket is paused, so a slow sink holds the daemon to
//   max_client_requests packets (plus what the socket had already read) and the rest waits in
//   the kernel and the client.
import type { Connect } from '../../api/connect.js';
import { invokeDriver } from '../../api/invoke.js';
import { Limits } from '../../protocol/header.js';
import { remoteProcs } from '../../protocol/remote/procedures.generated.js';
import { streamMapping } from '../../drivers/remote/wire-map.js';
import type { ServerClient } from '../../rpc/server-client.js';
import type { CallContext } from '../../rpc/server-program.js';
import { MessageStatus, MessageType, buildFrame, errorFrame, rpcError, type IncomingMessage, type RpcHeader } from '../../rpc/server-message.js';
import { ErrorCode } from '../../util/error.js';
import { logger } from '../../util/log.js';
import { clientState } from './client-state.js';
import type { HandlerFn } from './registry.js';

const log = logger('daemon.remote.streams');

/** A STREAM packet of the stream opened by the call `h`, carrying `data` as its raw payload. */
function streamPacket(h: RpcHeader, status: MessageStatus, data?: Uint8Array): Buffer {
  const head = buildFrame({ prog: h.prog, vers: h.vers, proc: h.proc, type: MessageType.Stream, serial: h.serial, status });
  if (!data || data.length === 0) return head;
  const frame = Buffer.allocUnsafe(head.length + data.length);
  head.copy(frame, 0);
  frame.set(data, head.length);
  frame.writeUInt32BE(frame.length, 0);
  return frame;
}

/** Whether `msg` belongs to the stream opened by the call `h` (libvirt matches all four). */
function ofStream(h: RpcHeader, msg: IncomingMessage): boolean {
  const mh = msg.header;
  return (mh.type === MessageType.Stream || mh.type === MessageType.StreamHole) && mh.serial === h.serial && mh.proc === h.proc && mh.prog === h.prog && mh.vers === h.vers;
}

/** What a read stream sends: bytes, or a function of a signal that is aborted if the stream ends early. */
export type StreamSource =
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ((signal: AbortSignal) => AsyncIterable<Uint8Array> | Iterable<Uint8Array>);

export interface ReadStreamOptions {
  /** Largest data packet (libvirt sends VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX). */
  chunk?: number;
}

/**
 * Send `source` to the client as the data of the stream opened by the call `h`, after the call's
 * reply. Resolves once the stream is over for both sides — finished, aborted, failed or the
 * client gone — and the source has been closed.
 */
export function serveReadStream(client: ServerClient, h: RpcHeader, source: StreamSource, opts: ReadStreamOptions = {}): Promise<void> {
  const chunk = opts.chunk ?? Limits.legacyPayloadMax;
  const stop = new AbortController();
  let closed = false;
  let pumping = true;
  let sentEOF = false;
  let settle!: () => void;
  const finished = new Promise<void>((r) => (settle = r));
  /** Wakes the sender waiting for room, if any. */
  let wake: (() => void) | null = null;
  const onDrain = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const close = () => {
    if (closed) return;
    closed = true;
    removeFilter();
    client.off('close', close);
    client.off('drain', onDrain);
    if (!sentEOF) stop.abort();
    onDrain();
    if (!pumping) settle();
  };

  // The client's own packets for this stream: finish, abort, or data it should not send.
  const removeFilter = client.addFilter((c: ServerClient, msg: IncomingMessage) => {
    if (!ofStream(h, msg)) return false;
    const mh = msg.header;
    if (mh.type === MessageType.Stream && (mh.status === MessageStatus.Ok || mh.status === MessageStatus.Error)) {
      // Finish or abort: confirm with an empty packet. A finish before the end is an early close.
      log.debug(() => `stream serial=${h.serial} ${mh.status === MessageStatus.Ok ? 'finished' : 'aborted'} by client ${c.id}${sentEOF ? '' : ' before its end'}`);
      c.reply(streamPacket(h, MessageStatus.Ok));
      close();
    } else {
      c.reply(errorFrame(mh, rpcError(ErrorCode.Rpc, 'stream does not accept data'), MessageType.Stream));
    }
    return true;
  });
  client.once('close', close);
  client.on('drain', onDrain);

  const room = (): Promise<void> => new Promise<void>((r) => (wake = r));

  // Start once the reply is on its way: socket writes keep their order.
  setImmediate(async () => {
    try {
      const parts = typeof source === 'function' ? source(stop.signal) : source;
      for await (const part of parts as AsyncIterable<Uint8Array>) {
        for (let off = 0; off < part.length; off += chunk) {
          while (!closed && client.needsDrain) await room();
          if (closed) return;
          client.send(streamPacket(h, MessageStatus.Continue, part.subarray(off, off + chunk)));
        }
        if (closed) return;
      }
      if (closed) return;
      sentEOF = true;
      // The end of data is an empty CONTINUE packet; an empty OK one is the close confirmation.
      client.send(streamPacket(h, MessageStatus.Continue));
    } catch (e) {
      if (closed) return;
      log.debug(() => `stream serial=${h.serial} source failed: ${(e as Error)?.message}`);
      client.send(errorFrame({ ...h, type: MessageType.Stream }, e, MessageType.Stream));
      close();
    } finally {
      pumping = false;
      if (closed) settle();
    }
  });
  return finished;
}

/** Where a write stream's data goes (virStreamSend's other end). */
export interface StreamSink {
  /**
   * Take one packet's bytes (a view of the received packet, kept by nobody else). The next
   * packet waits until this settles; a throw fails the stream and is reported to the client.
   */
  write(data: Uint8Array): void | Promise<void>;
  /** The client finished after sending everything; a throw is reported to the client's finish. */
  finish?(): void | Promise<void>;
  /** The stream ended early: aborted by the client, failed, or the client went away. */
  abort?(): void | Promise<void>;
}

/**
 * Receive the data of the stream opened by the call `h` into `sink`. Resolves once the stream is
 * over (finished, aborted, failed or the client gone) and the sink has been told so.
 */
export function serveWriteStream(client: ServerClient, h: RpcHeader, sink: StreamSink): Promise<void> {
  /** Packets received and not yet handled, each holding its request slot. */
  const queue: IncomingMessage[] = [];
  /** The client's abort, handled as soon as the packet in hand is written. */
  let abortMsg: IncomingMessage | null = null;
  let busy = false;
  let lost = false;
  let ended = false;
  let settle!: () => void;
  const finished = new Promise<void>((r) => (settle = r));

  const removeFilter = client.addFilter((_c: ServerClient, msg: IncomingMessage) => {
    if (!ofStream(h, msg)) return false;
    // An abort does not wait behind data the sink would only throw away.
    if (msg.header.type === MessageType.Stream && msg.header.status === MessageStatus.Error) abortMsg = msg;
    else queue.push(msg);
    void pump();
    return true;
  });
  const gone = () => {
    log.debug(() => `stream serial=${h.serial}: client ${client.id} went away`);
    lost = true;
    // With a packet in hand, the sink is told once that write settles.
    if (!busy) void end('aborted');
  };
  client.once('close', gone);

  /** Close the stream once: later packets go unfiltered, queued ones give their slots back, the sink is told, then the client. */
  async function end(how: 'finished' | 'aborted', reply?: Buffer): Promise<void> {
    if (ended) return;
    ended = true;
    removeFilter();
    client.off('close', gone);
    for (const _ of queue.splice(0)) client.release();
    if (how === 'aborted') {
      try {
        await sink.abort?.();
      } catch (e) {
        log.debug(() => `stream serial=${h.serial}: abort failed: ${(e as Error)?.message}`);
      }
    }
    // A confirmation means the sink is closed; on a closed client this only frees the slot.
    if (reply) client.reply(reply);
    settle();
  }

  async function pump(): Promise<void> {
    if (busy || ended) return;
    busy = true;
    try {
      for (;;) {
        if (lost) return await end('aborted');
        if (abortMsg) {
          log.debug(() => `stream serial=${h.serial} aborted by client ${client.id}`);
          return await end('aborted', streamPacket(h, MessageStatus.Ok));
        }
        const msg = queue.shift();
        if (!msg) return;
        const mh = msg.header;
        if (mh.type === MessageType.StreamHole) {
          // Holes need a sparse stream, which none of ours is: libvirt drops such a client.
          log.warn(`client ${client.id}: Unexpected stream hole; closing`);
          client.release();
          client.close();
          continue;
        }
        if (mh.status === MessageStatus.Continue) {
          try {
            await sink.write(msg.frame.subarray(msg.payloadStart));
          } catch (e) {
            log.debug(() => `stream serial=${h.serial}: send failed: ${(e as Error)?.message}`);
            return await end('aborted', errorFrame(mh, e, MessageType.Stream));
          }
          // Written: the packet's slot frees, and a socket paused for want of slots reads again.
          client.release();
          continue;
        }
        if (mh.status === MessageStatus.Ok) {
          try {
            await sink.finish?.();
          } catch (e) {
            return await end('finished', errorFrame(mh, e, MessageType.Stream));
          }
          return await end('finished', streamPacket(h, MessageStatus.Ok));
        }
        return await end('aborted', errorFrame(mh, rpcError(ErrorCode.Rpc, `stream aborted with unexpected status ${mh.status}`), MessageType.Stream));
      }
    } finally {
      busy = false;
    }
  }

  return finished;
}

type Procs = typeof remoteProcs;

/** Stream procedures of the test driver's reach: the screenshot. */
export function streamHandlers(): { [K in keyof Procs]?: HandlerFn } {
  const shot = remoteProcs.domainScreenshot;
  return {
    async domainScreenshot(ctx: CallContext, args: unknown) {
      const conn: Connect = clientState(ctx.client).connFor('hypervisor');
      // The wire map knows the argument conversion; the result is split into reply and data here.
      const m = streamMapping('domainScreenshot');
      const driverArgs = m.toDriverArgs(args);
      const r = (await invokeDriver(conn, 'hypervisor', 'domainScreenshot', shot.api!, driverArgs)) as { mime: string; data: Uint8Array };
      void serveReadStream(ctx.client, ctx.header, [r.data]);
      return { mime: r.mime };
    },
  };
}
