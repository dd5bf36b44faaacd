// The daemon side of streams (libvirt's remote_daemon_stream.c). A stream procedure's reply goes
// out first; then, for a read stream, the data follows as STREAM packets of at most
// VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX bytes with status CONTINUE, and an empty CONTINUE packet
// marks the end. The client closes with a STREAM packet of its own — status OK to finish, ERROR to
// abort — which the daemon confirms with an empty STREAM packet (or answers with an error).
//
// Flow control: one packet is handed to the socket at a time and the next waits while the
// socket's buffer is above its high-water mark, so a client that reads slowly holds the daemon to
// a buffer's worth of data, as libvirtd's one-message-in-flight rule does.
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

/** How long to wait between checks of a full socket buffer. */
const DRAIN_POLL_MS = 2;

export interface ReadStreamOptions {
  /** Largest data packet (libvirt sends VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX). */
  chunk?: number;
}

/**
 * Send `source` to the client as the data of the stream opened by the call `h`, after the call's
 * reply. Resolves when the stream is finished, aborted or the client is gone.
 */
export function serveReadStream(client: ServerClient, h: RpcHeader, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: ReadStreamOptions = {}): Promise<void> {
  const chunk = opts.chunk ?? Limits.legacyPayloadMax;
  let closed = false;
  let sentEOF = false;
  // Stream data is raw bytes after the header (no XDR length or padding).
  const packet = (status: MessageStatus, data?: Uint8Array) => {
    const head = buildFrame({ prog: h.prog, vers: h.vers, proc: h.proc, type: MessageType.Stream, serial: h.serial, status });
    if (!data || data.length === 0) return head;
    const frame = Buffer.allocUnsafe(head.length + data.length);
    head.copy(frame, 0);
    frame.set(data, head.length);
    frame.writeUInt32BE(frame.length, 0);
    return frame;
  };

  return new Promise<void>((resolve) => {
    const done = () => {
      if (closed) return;
      closed = true;
      removeFilter();
      client.off('close', done);
      resolve();
    };
    // The client's own packets for this stream: finish, abort, or data it should not send.
    const removeFilter = client.addFilter((c: ServerClient, msg: IncomingMessage) => {
      const mh = msg.header;
      if (mh.type !== MessageType.Stream || mh.serial !== h.serial || mh.proc !== h.proc || mh.prog !== h.prog) return false;
      if (mh.status === MessageStatus.Ok || mh.status === MessageStatus.Error) {
        // Finish or abort: confirm with an empty packet. A finish before the end is an early close.
        log.debug(() => `stream serial=${h.serial} ${mh.status === MessageStatus.Ok ? 'finished' : 'aborted'} by client ${c.id}${sentEOF ? '' : ' before its end'}`);
        c.reply(packet(MessageStatus.Ok));
        done();
      } else {
        c.reply(errorFrame(mh, rpcError(ErrorCode.Rpc, 'stream does not accept data'), MessageType.Stream));
      }
      return true;
    });
    client.once('close', done);

    // Start once the reply is on its way: socket writes keep their order.
    setImmediate(async () => {
      try {
        for await (const part of source as AsyncIterable<Uint8Array>) {
          for (let off = 0; off < part.length && !closed; off += chunk) {
            while (client.needsDrain && !closed && !client.closed) await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
            if (closed || client.closed) return;
            client.send(packet(MessageStatus.Continue, part.subarray(off, off + chunk)));
          }
          if (closed) return;
        }
        if (closed || client.closed) return;
        sentEOF = true;
        // The end of data is an empty CONTINUE packet; an empty OK one is the close confirmation.
        client.send(packet(MessageStatus.Continue));
      } catch (e) {
        if (closed || client.closed) return;
        client.send(errorFrame({ ...h, type: MessageType.Stream }, e, MessageType.Stream));
        done();
      }
    });
  });
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
