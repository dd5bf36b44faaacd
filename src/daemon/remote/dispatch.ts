// The remote program's dispatch: every procedure with a public API is served by one generic
// handler built from the wire map (src/drivers/remote/wire-map.ts) — decode, check read-only,
// call the driver through the public API's core on the client's own connection, encode — and the
// few libvirt dispatches by hand are written out here (connection open/close, auth, feature
// probes, the URI), in events.ts (callback registration) and in streams.ts.
import type { Connect } from '../../api/connect.js';
import { ConnectFlags, openWith } from '../../api/index.js';
import { callDriver } from '../../api/invoke.js';
import type { DriverRegistry } from '../../driver/registry.js';
import { apiProcedureKeys, isMapped, wireMapping, type WireMapping } from '../../drivers/remote/wire-map.js';
import type { remoteProcs } from '../../protocol/remote/procedures.generated.js';
import type { CallContext } from '../../rpc/server-program.js';
import { ClientAuth } from '../../rpc/server-client.js';
import { rpcError } from '../../rpc/server-message.js';
import { ErrorCode, ErrorDomain, errorsFrom } from '../../util/error.js';
import { clientState } from './client-state.js';
import type { HandlerFn } from './registry.js';

/** VIR_DRV_FEATURE_* answered by the daemon itself rather than the driver (libvirt_internal.h). */
const Feature = {
  FdPassing: 8,
  ProgramKeepalive: 10,
  RemoteEventCallback: 14,
  RemoteCloseCallback: 15,
} as const;

/** remote_auth_type */
const AuthType = { None: 0, Sasl: 1, Polkit: 2 } as const;

type Procs = typeof remoteProcs;
type Handlers = { [K in keyof Procs]?: HandlerFn };

/**
 * Public APIs whose answer does not come from the driver alone (libvirt-host.c falls back to the
 * library's own value): the daemon answers as the API does, on the client's connection.
 */
const VIA_API: Partial<Record<keyof Procs, (conn: Connect) => Promise<unknown>>> = {
  connectGetType: async (c) => ({ type: await c.getType() }),
  connectGetLibVersion: async (c) => ({ libVer: BigInt(await c.getLibVersion()) }),
};

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** The handler of one mapped procedure. */
export function genericHandler(m: WireMapping): HandlerFn {
  const { kind, method, api } = m;
  // Not async: a refusal or a bad argument throws here and the program answers it as it does a
  // rejection, and a driver's promise is chained once instead of through two async frames. The
  // read-only refusals that depend on arguments (virDomainGetXMLDesc with SECURE…) are entry
  // checks of the API's core, as every other check.
  return (ctx: CallContext, args: unknown) => {
    const conn = clientState(ctx.client).connFor(kind);
    const r = callDriver(conn, kind, method, api, m.toDriverArgs(args));
    return isThenable(r) ? r.then((value) => m.toWireRet(value, args)) : m.toWireRet(r, args);
  };
}

export interface ConnectionOptions {
  /** The driver table clients open their connections on (libvirtd's own virDriverTab). */
  registry: () => DriverRegistry;
}

/** CONNECT_OPEN / CLOSE, AUTH_*, CONNECT_SUPPORTS_FEATURE, CONNECT_GET_URI: libvirt's hand-written ones. */
export function connectionHandlers(opts: ConnectionOptions): Handlers {
  return {
    async connectOpen(ctx, args: { name: string | null; flags: number }) {
      const st = clientState(ctx.client);
      if (st.conn) throw rpcError(ErrorCode.InternalError, 'connection already open');
      // A client of the read-only socket gets a read-only connection whatever it asked for.
      const flags = ctx.client.readonly ? args.flags | ConnectFlags.RO : args.flags;
      st.conn = await openWith(opts.registry(), args.name, null, flags);
      return undefined;
    },
    async connectClose(ctx) {
      const st = clientState(ctx.client);
      const conn = st.conn;
      st.conn = null;
      if (conn) await conn.close();
      return undefined;
    },
    authList(ctx) {
      const a = ctx.client.auth;
      let type: number = AuthType.None;
      if (a === ClientAuth.Sasl) type = AuthType.Sasl;
      else if (a === ClientAuth.Polkit) type = AuthType.Polkit;
      return { types: [type] };
    },
    // SASL and polkit come later; until then a client that tries them is told plainly.
    authSaslInit: authUnavailable,
    authSaslStart: authUnavailable,
    authSaslStep: authUnavailable,
    authPolkit: authUnavailable,
    async connectSupportsFeature(ctx, args: { feature: number }) {
      // Asked before the connection is open, so answered first.
      if (args.feature === Feature.ProgramKeepalive) {
        ctx.client.startKeepAlive();
        return { supported: 1 };
      }
      const conn = clientState(ctx.client).connFor('hypervisor');
      switch (args.feature) {
        case Feature.FdPassing:
        case Feature.RemoteEventCallback:
        case Feature.RemoteCloseCallback:
          return { supported: 1 };
        default: {
          const hv = conn.drivers.hypervisor;
          const supported = hv.connectSupportsFeature ? await hv.connectSupportsFeature(args.feature) : false;
          return { supported: supported ? 1 : 0 };
        }
      }
    },
    // The close callback lives in the client library; the daemon only acknowledges it (libvirt
    // keeps a flag to tell the client when its connection's driver goes away).
    connectRegisterCloseCallback(ctx) {
      clientState(ctx.client).connFor('hypervisor');
      return undefined;
    },
    connectUnregisterCloseCallback(ctx) {
      clientState(ctx.client).connFor('hypervisor');
      return undefined;
    },
    async connectGetURI(ctx) {
      const conn = clientState(ctx.client).connFor('hypervisor');
      return { uri: await conn.getURI() };
    },
  };
}

function authUnavailable(): never {
  throw errorsFrom(ErrorDomain.Rpc)(ErrorCode.AuthFailed, 'authentication failed');
}

/**
 * Handlers of every procedure the wire map covers. Each mapping is built on the procedure's first
 * call: building all of them at start-up cost the daemon ~100 ms and megabytes of heap for
 * procedures most clients never call.
 */
export function mappedHandlers(): Handlers {
  const out: Record<string, HandlerFn> = {};
  for (const key of apiProcedureKeys()) {
    if (!isMapped(key)) continue;
    const viaApi = VIA_API[key as keyof Procs];
    out[key] = viaApi ? async (ctx) => viaApi(clientState(ctx.client).connFor('hypervisor')) : lazyGenericHandler(key);
  }
  return out as Handlers;
}

function lazyGenericHandler(key: string): HandlerFn {
  let h: HandlerFn | undefined;
  return (ctx, args) => (h ??= genericHandler(wireMapping(key)!))(ctx, args);
}
