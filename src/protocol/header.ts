// The envelope every libvirt RPC message travels in (virnetprotocol.x): a 4-byte length word
// (counting itself), a 24-byte header, then the payload. Also the programs' numbers, libvirt's
// size limits, and remote_error ⇄ VirError.
import { ErrorCode, ErrorDomain, ErrorLevel, VirError } from '../util/error.js';
import * as net from './net/types.generated.js';
import { REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION } from './remote/types.generated.js';
import { QEMU_PROGRAM, QEMU_PROTOCOL_VERSION } from './qemu/types.generated.js';
import { LXC_PROGRAM, LXC_PROTOCOL_VERSION } from './lxc/types.generated.js';
import { ADMIN_PROGRAM, ADMIN_PROTOCOL_VERSION } from './admin/types.generated.js';
import { KEEPALIVE_PROGRAM, KEEPALIVE_PROTOCOL_VERSION } from './keepalive/types.generated.js';
import { VIR_LOCK_SPACE_PROTOCOL_PROGRAM, VIR_LOCK_SPACE_PROTOCOL_PROGRAM_VERSION } from './lock/types.generated.js';
import { xdrError } from './xdr/errors.js';
import type { XdrReader } from './xdr/reader.js';
import type { XdrWriter } from './xdr/writer.js';

export { MessageType, MessageStatus } from './net/types.generated.js';
import { MessageType, MessageStatus } from './net/types.generated.js';

/** Program numbers and versions, as each .x file declares them. */
export const Programs = {
  remote: { program: REMOTE_PROGRAM, version: REMOTE_PROTOCOL_VERSION },
  qemu: { program: QEMU_PROGRAM, version: QEMU_PROTOCOL_VERSION },
  lxc: { program: LXC_PROGRAM, version: LXC_PROTOCOL_VERSION },
  admin: { program: ADMIN_PROGRAM, version: ADMIN_PROTOCOL_VERSION },
  keepalive: { program: KEEPALIVE_PROGRAM, version: KEEPALIVE_PROTOCOL_VERSION },
  lock: { program: VIR_LOCK_SPACE_PROTOCOL_PROGRAM, version: VIR_LOCK_SPACE_PROTOCOL_PROGRAM_VERSION },
} as const;

/** libvirt's size limits (virnetprotocol.x), under names that say what they bound. */
export const Limits = {
  /** Buffer size a message starts with; it doubles from here as the payload needs. */
  initial: net.VIR_NET_MESSAGE_INITIAL,
  /** Largest stream data packet payload libvirt sends (older peers could not take more). */
  legacyPayloadMax: net.VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX,
  /** Largest message, header and payload, not counting the length word. */
  messageMax: net.VIR_NET_MESSAGE_MAX,
  headerMax: net.VIR_NET_MESSAGE_HEADER_MAX,
  payloadMax: net.VIR_NET_MESSAGE_PAYLOAD_MAX,
  /** The length word itself. */
  lengthWord: net.VIR_NET_MESSAGE_LEN_MAX,
  stringMax: net.VIR_NET_MESSAGE_STRING_MAX,
  fdsMax: net.VIR_NET_MESSAGE_NUM_FDS_MAX,
} as const;

export interface MessageHeader {
  prog: number;
  vers: number;
  proc: number;
  type: MessageType;
  serial: number;
  status: MessageStatus;
}

export const HEADER_SIZE = 24;

/** Write the header; the caller has written (or reserved) the length word before it. */
export function encodeHeader(w: XdrWriter, h: MessageHeader): void {
  w.uint(h.prog);
  w.uint(h.vers);
  w.int(h.proc);
  w.int(h.type);
  w.uint(h.serial);
  w.int(h.status);
}

/** Read a header; a short message gets libvirt's own error text. */
export function decodeHeader(r: XdrReader): MessageHeader {
  if (r.end - r.pos < HEADER_SIZE) throw xdrError('Unable to decode message header');
  return { prog: r.uint(), vers: r.uint(), proc: r.int(), type: r.int(), serial: r.uint(), status: r.int() };
}

// ---------------------------------------------------------------------------------------------
// remote_error (virNetMessageError): the payload of a reply whose status is VIR_NET_ERROR.

export type WireError = net.MessageError;
export const WireError = net.MessageError;

/**
 * What the daemon sends for an error. The `dom` and `net` members stay null, as libvirtd leaves
 * them (virNetMessageSaveError never fills them and clients ignore them).
 */
export function errorToWire(e: VirError): WireError {
  return {
    code: e.code,
    domain: e.domain,
    message: e.message,
    level: e.level,
    dom: null,
    str1: e.str1,
    str2: e.str2,
    str3: e.str3,
    int1: e.int1,
    int2: e.int2,
    net: null,
  };
}

/** What the daemon sends when a call failed without an error set (virNetMessageSaveError). */
export function unsetErrorToWire(): WireError {
  return errorToWire(
    new VirError({ code: ErrorCode.InternalError, domain: ErrorDomain.Rpc, message: 'Library function returned error but did not set virError' }),
  );
}

/**
 * What a client makes of a received error, as libvirt's client does
 * (virNetClientProgramDispatchError): codes that 0.7.x servers numbered differently are moved
 * back, "unknown procedure" from an older daemon becomes VIR_ERR_NO_SUPPORT, and a missing
 * message becomes "Unknown error".
 */
export function errorFromWire(w: WireError): VirError {
  let code = w.code as ErrorCode;
  switch (code) {
    case ErrorCode.InvalidNwfilter:
    case ErrorCode.NoNwfilter:
    case ErrorCode.BuildFirewall:
      if (w.domain !== ErrorDomain.Nwfilter) code = (code + 4) as ErrorCode;
      break;
    case ErrorCode.WarNoSecret:
      if (w.domain === ErrorDomain.Qemu) code = ErrorCode.OperationTimeout;
      break;
    case ErrorCode.InvalidSecret:
      if (w.domain === ErrorDomain.Xen) code = ErrorCode.MigratePersistFailed;
      break;
    default:
      break;
  }
  if (
    (w.domain === ErrorDomain.Remote || w.domain === ErrorDomain.Rpc) &&
    code === ErrorCode.Rpc &&
    w.level === ErrorLevel.Error &&
    w.message !== null &&
    w.message.startsWith('unknown procedure')
  ) {
    code = ErrorCode.NoSupport;
  }
  return new VirError({
    code,
    domain: w.domain as ErrorDomain,
    level: w.level as ErrorLevel,
    message: w.message ?? 'Unknown error',
    str1: w.str1,
    str2: w.str2,
    str3: w.str3,
    int1: w.int1,
    int2: w.int2,
  });
}
