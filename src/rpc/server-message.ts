// What the server needs of a message: its header, where its payload starts, and how to build a
// reply frame. Header layout, message types and limits are libvirt's (rpc/virnetprotocol.x).
//
// NOTE: src/protocol/header.ts (owned by the protocol work) is the single source for these
// definitions once it lands; this file then shrinks to re-exports plus the frame builder.
import { XdrReader, XdrWriter } from '../protocol/xdr/index.js';
import { ErrorCode, ErrorDomain, ErrorLevel, VirError, errorsFrom, toVirError } from '../util/error.js';

export enum MessageType {
  Call = 0,
  Reply = 1,
  Message = 2,
  Stream = 3,
  CallWithFds = 4,
  ReplyWithFds = 5,
  StreamHole = 6,
}

export enum MessageStatus {
  Ok = 0,
  Error = 1,
  Continue = 2,
}

/** Largest packet, length word included (VIR_NET_MESSAGE_MAX). */
export const MESSAGE_MAX = 33554432;
/** Bytes of the length word (VIR_NET_MESSAGE_LEN_MAX). */
export const LEN_MAX = 4;
/** Bytes of the header (VIR_NET_MESSAGE_HEADER_MAX). */
export const HEADER_MAX = 24;
/** Longest string in a remote_error (VIR_NET_MESSAGE_STRING_MAX). */
export const STRING_MAX = 4194304;

export interface RpcHeader {
  prog: number;
  vers: number;
  proc: number;
  type: MessageType;
  serial: number;
  status: MessageStatus;
}

/** One received packet: the whole frame (length word included) and its decoded header. */
export interface IncomingMessage {
  header: RpcHeader;
  frame: Buffer;
  /** Offset of the payload within frame. */
  payloadStart: number;
}

export function decodeHeader(frame: Buffer): RpcHeader {
  // The caller has checked that the frame holds at least the length word and a header.
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
  w.uint(h.prog);
  w.uint(h.vers);
  w.int(h.proc);
  w.int(h.type);
  w.uint(h.serial);
  w.int(h.status);
  body?.(w);
  if (w.pos > MESSAGE_MAX) throw errorsFrom(ErrorDomain.Rpc)(ErrorCode.Rpc, 'Unable to encode message payload');
  w.patchUint(0, w.pos);
  return w.finish();
}

function optString(w: XdrWriter, s: string | null): void {
  if (s === null) {
    w.uint(0);
    return;
  }
  w.uint(1);
  w.string(s.length > STRING_MAX ? s.slice(0, STRING_MAX) : s, STRING_MAX);
}

/** remote_error (virNetMessageError) from a VirError; dom and net are always null, as libvirt sends them. */
export function encodeError(w: XdrWriter, e: VirError): void {
  w.int(e.code);
  w.int(e.domain);
  optString(w, e.message);
  w.int(e.level);
  w.uint(0); // dom
  optString(w, e.str1);
  optString(w, e.str2);
  optString(w, e.str3);
  w.int(e.int1);
  w.int(e.int2);
  w.uint(0); // net
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

/** libvirt's fallback when a handler failed without saying why. */
export function unknownFailure(): VirError {
  return new VirError({
    code: ErrorCode.InternalError,
    domain: ErrorDomain.Rpc,
    level: ErrorLevel.Error,
    message: 'Library function returned error but did not set virError',
  });
}
