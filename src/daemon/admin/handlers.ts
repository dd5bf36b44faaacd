// The admin program (admin_protocol.x, libvirtd's admin_server_dispatch.c): what virt-admin asks
// of the daemon itself — its version, its servers, their worker pools, client limits and
// clients. Everything comes from the daemon's own state (the servers in DispatchContext), never
// from a driver.
import type { adminProcs } from '../../protocol/admin/procedures.generated.js';
import type { NonnullClient } from '../../protocol/admin/types.generated.js';
import { LIB_VERSION } from '../../api/connect.js';
import { TypedParamType, type TypedParam } from '../../driver/types.js';
import type { Server } from '../../rpc/server.js';
import type { ServerClient } from '../../rpc/server-client.js';
import { ErrorCode, ErrorDomain, checkFlags, errorsFrom } from '../../util/error.js';
import type { HandlerFn } from '../remote/registry.js';

type Handlers = { [K in keyof typeof adminProcs]?: HandlerFn };

const rpcReport = errorsFrom(ErrorDomain.Rpc);
const adminReport = errorsFrom(ErrorDomain.Admin);

/** virt-admin's transport numbers (virClientTransport). */
const ClientTransport = { Unix: 0, Tcp: 1, Tls: 2 } as const;

/** The typed-parameter names of libvirt-admin.h. */
const Param = {
  workersMin: 'minWorkers',
  workersMax: 'maxWorkers',
  workersCurrent: 'nWorkers',
  workersFree: 'freeWorkers',
  workersPriority: 'prioWorkers',
  jobQueueDepth: 'jobQueueDepth',
  clientsMax: 'nclients_max',
  clientsCurrent: 'nclients',
  clientsUnauthMax: 'nclients_unauth_max',
  clientsUnauthCurrent: 'nclients_unauth',
} as const;

function uint(field: string, value: number): TypedParam {
  return { field, type: TypedParamType.UInt, value };
}

function clientRef(srv: Server, c: ServerClient): NonnullClient {
  return {
    srv: { name: srv.name },
    id: BigInt(c.id),
    timestamp: BigInt(Math.floor(c.connectedAt / 1000)),
    transport: c.peer.kind === 'tcp' ? ClientTransport.Tcp : ClientTransport.Unix,
  };
}

export function adminHandlers(servers: ReadonlyMap<string, Server>, setDaemonTimeout?: (seconds: number) => void): Handlers {
  const server = (name: string): Server => {
    const s = servers.get(name);
    if (!s) throw rpcReport(ErrorCode.NoServer, `No server named '${name}'`);
    return s;
  };
  const client = (srv: Server, id: bigint): ServerClient => {
    const c = id <= BigInt(Number.MAX_SAFE_INTEGER) ? srv.client(Number(id)) : undefined;
    if (!c) throw rpcReport(ErrorCode.NoClient, `No client with matching ID '${id}'`);
    return c;
  };
  return {
    connectOpen(_ctx, args: { flags: number }) {
      checkFlags(args.flags, 0, 'adminDispatchConnectOpen', ErrorDomain.Admin);
      return undefined;
    },
    connectClose() {
      return undefined;
    },
    connectGetLibVersion() {
      return { libVer: BigInt(LIB_VERSION) };
    },
    connectListServers(_ctx, args: { needResults: number; flags: number }) {
      checkFlags(args.flags, 0, 'adminConnectListServers', ErrorDomain.Admin);
      const names = [...servers.keys()];
      return { servers: args.needResults ? names.map((name) => ({ name })) : [], ret: names.length };
    },
    connectLookupServer(_ctx, args: { name: string; flags: number }) {
      checkFlags(args.flags, 0, 'adminConnectLookupServer', ErrorDomain.Admin);
      return { srv: { name: server(args.name).name } };
    },
    serverGetThreadPoolParameters(_ctx, args: { srv: { name: string }; flags: number }) {
      const srv = server(args.srv.name);
      checkFlags(args.flags, 0, 'adminServerGetThreadPoolParameters', ErrorDomain.Admin);
      const p = srv.workerPool;
      // libvirtd starts minWorkers threads; a call being served keeps one busy.
      const current = p.minWorkers;
      return {
        params: [
          uint(Param.workersMin, p.minWorkers),
          uint(Param.workersMax, p.maxWorkers),
          uint(Param.workersCurrent, current),
          uint(Param.workersFree, Math.max(0, current - srv.callsInFlight)),
          uint(Param.workersPriority, p.prioWorkers),
          uint(Param.jobQueueDepth, 0),
        ],
      };
    },
    serverSetThreadPoolParameters(_ctx, args: { srv: { name: string }; params: TypedParam[]; flags: number }) {
      const srv = servers.get(args.srv.name);
      if (!srv) throw adminReport(ErrorCode.NoServer, `no server with matching name '${args.srv.name}' found`);
      checkFlags(args.flags, 0, 'adminServerSetThreadPoolParameters', ErrorDomain.Admin);
      const next = { ...srv.workerPool };
      for (const p of args.params) {
        if (p.field === Param.workersMin) next.minWorkers = Number(p.value);
        else if (p.field === Param.workersMax) next.maxWorkers = Number(p.value);
        else if (p.field === Param.workersPriority) next.prioWorkers = Number(p.value);
      }
      if (next.minWorkers > next.maxWorkers) throw rpcReport(ErrorCode.InvalidArg, 'minWorkers cannot be larger than maxWorkers');
      srv.workerPool = next;
      return undefined;
    },
    serverListClients(_ctx, args: { srv: { name: string }; needResults: number; flags: number }) {
      const srv = server(args.srv.name);
      checkFlags(args.flags, 0, 'adminServerListClients', ErrorDomain.Admin);
      const list = [...srv.clients].filter((c) => !c.closed);
      return { clients: args.needResults ? list.map((c) => clientRef(srv, c)) : [], ret: list.length };
    },
    serverLookupClient(_ctx, args: { srv: { name: string }; id: bigint; flags: number }) {
      const srv = server(args.srv.name);
      checkFlags(args.flags, 0, 'adminServerLookupClient', ErrorDomain.Admin);
      return { clnt: clientRef(srv, client(srv, args.id)) };
    },
    serverGetClientLimits(_ctx, args: { srv: { name: string }; flags: number }) {
      const srv = server(args.srv.name);
      checkFlags(args.flags, 0, 'adminServerGetClientLimits', ErrorDomain.Admin);
      const l = srv.limits;
      let unauth = 0;
      for (const c of srv.clients) if (!c.authenticated) unauth++;
      return {
        params: [
          uint(Param.clientsMax, l.maxClients),
          uint(Param.clientsCurrent, srv.clients.size),
          uint(Param.clientsUnauthMax, l.maxAnonymousClients),
          uint(Param.clientsUnauthCurrent, unauth),
        ],
      };
    },
    serverUpdateTlsFiles(_ctx, args: { srv: { name: string }; flags: number }) {
      server(args.srv.name);
      checkFlags(args.flags, 0, 'adminServerUpdateTlsFiles', ErrorDomain.Admin);
      // The daemon listens without TLS (services.ts refuses listen_tls), so no server has files.
      throw rpcReport(ErrorCode.InternalError, 'no tls service found, unable to update tls files');
    },
    connectSetDaemonTimeout(_ctx, args: { timeout: number; flags: number }) {
      checkFlags(args.flags, 0, 'adminConnectSetDaemonTimeout', ErrorDomain.Admin);
      if (!setDaemonTimeout) throw adminReport(ErrorCode.OperationUnsupported, 'this daemon has no idle timeout to change');
      setDaemonTimeout(args.timeout);
      return undefined;
    },
    serverSetClientLimits(_ctx, args: { srv: { name: string }; params: TypedParam[]; flags: number }) {
      const srv = server(args.srv.name);
      checkFlags(args.flags, 0, 'adminServerSetClientLimits', ErrorDomain.Admin);
      let max = srv.limits.maxClients;
      let unauth = srv.limits.maxAnonymousClients;
      for (const p of args.params) {
        if (p.field === Param.clientsMax) max = Number(p.value);
        else if (p.field === Param.clientsUnauthMax) unauth = Number(p.value);
      }
      if (max < unauth) {
        throw rpcReport(
          ErrorCode.InvalidArg,
          'The overall maximum number of clients waiting for authentication must not be less than the overall maximum number of clients',
        );
      }
      srv.setLimits({ maxClients: max, maxAnonymousClients: unauth });
      return undefined;
    },
  };
}
