// What the server needs of a message beyond the protocol's header definitions
// (src/protocol/header.ts): the received packet with its decoded header, and builders for
// reply and error frames.
import { XdrReader, XdrWriter } from '../protocol/xdr/index.js';
import {
  HEADER_SIZE,
  Limits,
  MessageStatus,
  MessageType,
  WireError,
  encodeHeader,
  errorToWire,
  type MessageHeader,
} from '../protocol/header.js';
import { ErrorCode, ErrorDomain, VirError, errorsFrom, toVirError } from '../util/error.js';

export { MessageStatus, MessageType };
export type RpcHeader = MessageHeader;

/** Largest packet after its length word (VIR_NET_MESSAGE_MAX). */
export const MESSAGE_MAX = Limits.messageMax;
/** Bytes of the length word (VIR_NET_MESSAGE_LEN_MAX). */
export const LEN_MAX = Limits.lengthWord;
/** Bytes of the header. */
export const HEADER_MAX = HEADER_SIZE;

/** One received packet: the whole frame (length word included) and its decoded header. */
export interface IncomingMessage {
  header: RpcHeader;
  frame: Buffer;
  /** Offset of the payload within frame (past the descriptor count of a CALL_WITH_FDS). */
  payloadStart: number;
  /**
   * Descriptors the caller sent with a CALL_WITH_FDS. Only their number is known: Node reads
   * sockets without ancillary data, so the descriptors themselves never reach the daemon.
   */
  fdCount?: number;
}

/** The header of a frame whose length word and header are known to be present. */
export function decodeHeader(frame: Buffer): RpcHeader {
  // Read in place rather than through a reader: this runs once per packet on the hot path.
  return {
    prog: frame.readUInt32BE(4),
    vers: frame.readUInt32BE(8),
    proc: frame.readInt32BE(12),
    type: frame.readInt32BE(16),
    serial: frame.readUInt32BE(20),
    status: frame.readInt32BE(24),
  };
}

export function payloadReader(msg: IncomingMessage): XdrReader {
  return new XdrReader(msg.frame, msg.payloadStart, msg.frame.length);
}

/** Encode header + payload into a fresh frame with its length word. */
export function buildFrame(h: RpcHeader, body?: (w: XdrWriter) => void, sizeHint = 256): Buffer {
  const w = new XdrWriter(sizeHint);
  w.uint(0); // length, patched below
  encodeHeader(w, h);
  body?.(w);
  if (w.pos - LEN_MAX > MESSAGE_MAX) throw errorsFrom(ErrorDomain.Rpc)(ErrorCode.Rpc, 'Unable to encode message payload');
  w.patchUint(0, w.pos);
  return w.finish();
}

/** remote_error from a VirError, as libvirtd sends it. */
export function encodeError(w: XdrWriter, e: VirError): void {
  WireError.encode(w, errorToWire(e));
}

/** An error reply to a call: same program, version, procedure and serial; status ERROR. */
export function errorFrame(req: RpcHeader, err: unknown, type: MessageType = MessageType.Reply): Buffer {
  const e = toVirError(err, ErrorDomain.Rpc);
  return buildFrame(
    { prog: req.prog, vers: req.vers, proc: req.proc, type, serial: req.serial, status: MessageStatus.Error },
    (w) => encodeError(w, e),
  );
}

export const rpcError = errorsFrom(ErrorDomain.Rpc);
