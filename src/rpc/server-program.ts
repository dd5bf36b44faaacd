// A program the server speaks: a number, a version and a table of procedures indexed by
// procedure number (libvirt's virNetServerProgram). Dispatch checks the call, decodes the
// arguments, runs the handler and encodes the reply; every failure becomes libvirt's error reply
// with the caller's serial, so one bad call never costs the connection.
import type { XdrReader, XdrWriter } from '../protocol/xdr/index.js';
import { ErrorCode, VirError } from '../util/error.js';
import { logger } from '../util/log.js';
import {
  MessageStatus,
  MessageType,
  buildFrame,
  errorFrame,
  payloadReader,
  rpcError,
  type IncomingMessage,
  type RpcHeader,
} from './server-message.js';
import type { ServerClient } from './server-client.js';

const log = logger('rpc.server-program');

export interface CallContext {
  client: ServerClient;
  header: RpcHeader;
  /** The whole message, for handlers that need more than the arguments (fd passing, streams). */
  message: IncomingMessage;
}

/**
 * One procedure. decodeArgs and encodeRet come from the protocol table (absent means void);
 * run does the work. A handler that throws a VirError sends that error to the caller.
 */
export interface ServerProcedure<A = any, R = any> {
  name: string;
  /** false for the few procedures an unauthenticated client may call (auth list, SASL, polkit). */
  needAuth?: boolean;
  /** libvirt's high-priority marker: calls that never block (kept for the admin API and stats). */
  priority?: boolean;
  decodeArgs?(r: XdrReader): A;
  encodeRet?(w: XdrWriter, ret: R): void;
  run(ctx: CallContext, args: A): R | Promise<R>;
}

/** Codes that are ordinary answers (lookups that miss), logged at debug, not error (daemonErrorLogFilter). */
const QUIET_CODES = new Set<number>([
  ErrorCode.NoDomain,
  ErrorCode.NoNetwork,
  ErrorCode.NoStoragePool,
  ErrorCode.NoStorageVol,
  ErrorCode.NoNodeDevice,
  ErrorCode.NoInterface,
  ErrorCode.NoNwfilter,
  ErrorCode.NoNwfilterBinding,
  ErrorCode.NoSecret,
  ErrorCode.NoDomainSnapshot,
  ErrorCode.OperationInvalid,
  ErrorCode.NoDomainMetadata,
  ErrorCode.NoServer,
  ErrorCode.NoClient,
  ErrorCode.NoHostname,
]);

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

export class ServerProgram {
  readonly #procs: ReadonlyArray<ServerProcedure | undefined>;

  constructor(
    readonly program: number,
    readonly version: number,
    procs: ReadonlyArray<ServerProcedure | undefined>,
    readonly name = `program 0x${program.toString(16)}`,
  ) {
    this.#procs = procs;
  }

  matches(h: RpcHeader): boolean {
    return h.prog === this.program && h.vers === this.version;
  }

  procedure(n: number): ServerProcedure | undefined {
    return n >= 0 ? this.#procs[n] : undefined;
  }

  /**
   * Handle one message addressed to this program. Calls always get exactly one reply (sent via
   * client.reply, which releases the call's slot); anything else is dropped with client.release.
   */
  dispatch(client: ServerClient, msg: IncomingMessage): void {
    const h = msg.header;
    if (h.type === MessageType.Call || h.type === MessageType.CallWithFds) {
      this.#dispatchCall(client, msg);
      return;
    }
    if (h.type === MessageType.Stream) {
      // Stream packets for a stream already closed keep arriving for a while; they are dropped.
      log.info(() => `Ignoring unexpected stream data serial=${h.serial} proc=${h.proc} status=${h.status}`);
    } else {
      log.debug(() => `Unexpected message type ${h.type} from client ${client.id}`);
    }
    client.release();
  }

  #dispatchCall(client: ServerClient, msg: IncomingMessage): void {
    const h = msg.header;
    if (h.status !== MessageStatus.Ok) {
      this.#fail(client, h, rpcError(ErrorCode.Rpc, `Unexpected message status ${h.status}`));
      return;
    }
    const proc = this.procedure(h.proc);
    if (!proc) {
      this.#fail(client, h, rpcError(ErrorCode.Rpc, `unknown procedure: ${h.proc}`));
      return;
    }
    if (proc.needAuth !== false && !client.authenticated) {
      // libvirt answers with a plain RPC error here, not AUTH_FAILED, for old clients' sake.
      this.#fail(client, h, rpcError(ErrorCode.Rpc, 'authentication required'));
      return;
    }
    let args: unknown;
    try {
      args = proc.decodeArgs ? proc.decodeArgs(payloadReader(msg)) : undefined;
    } catch (e) {
      log.debug(() => `decoding ${proc.name} arguments failed: ${(e as Error).message}`);
      this.#fail(client, h, rpcError(ErrorCode.Rpc, 'Unable to decode message payload'));
      return;
    }
    let result: unknown;
    try {
      result = proc.run({ client, header: h, message: msg }, args);
    } catch (e) {
      this.#fail(client, h, e);
      return;
    }
    if (isThenable(result)) {
      result.then(
        (r) => this.#succeed(client, h, proc, r),
        (e) => this.#fail(client, h, e),
      );
    } else {
      this.#succeed(client, h, proc, result);
    }
  }

  #succeed(client: ServerClient, h: RpcHeader, proc: ServerProcedure, ret: unknown): void {
    let frame: Buffer;
    try {
      const enc = proc.encodeRet;
      frame = buildFrame(
        { prog: h.prog, vers: h.vers, proc: h.proc, type: MessageType.Reply, serial: h.serial, status: MessageStatus.Ok },
        enc ? (w) => enc(w, ret) : undefined,
      );
    } catch (e) {
      log.error(() => `encoding the reply to ${proc.name} failed: ${(e as Error).message}`);
      this.#fail(client, h, rpcError(ErrorCode.Rpc, 'Unable to encode message payload'));
      return;
    }
    client.reply(frame);
  }

  #fail(client: ServerClient, h: RpcHeader, e: unknown): void {
    if (e instanceof VirError) {
      if (QUIET_CODES.has(e.code)) log.debug(e.message);
      else log.error(e.message);
    } else {
      log.error(() => `procedure ${h.proc} of ${this.name} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    client.reply(errorFrame(h, e));
  }
}

/** A call to a program the server does not have: libvirt's "Cannot find program" reply. */
export function unknownProgramReply(client: ServerClient, msg: IncomingMessage): void {
  const h = msg.header;
  if (h.type === MessageType.Call || h.type === MessageType.CallWithFds) {
    const e = rpcError(ErrorCode.Rpc, `Cannot find program ${h.prog | 0} version ${h.vers | 0}`);
    log.error(e.message);
    client.reply(errorFrame(h, e));
    return;
  }
  log.info(() => `Dropping client message, unknown program ${h.prog | 0} version ${h.vers | 0} type ${h.type} proc ${h.proc}`);
  client.release();
}
