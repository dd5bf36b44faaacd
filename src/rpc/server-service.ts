// One listening socket of a server (libvirt's virNetServerService): a unix socket with its mode
// and group, or a TCP address, plus the policy its clients get (read-only, auth, requests limit).
import { createConnection, createServer, type Server as NetServer, type Socket } from 'node:net';
import { chmod, chown, lstat, unlink } from 'node:fs/promises';
import { ErrorCode, ErrorDomain, VirError } from '../util/error.js';
import { logger } from '../util/log.js';
import { systemError } from '../util/system-error.js';
import { ClientAuth } from './server-client.js';
import { acceptedSocketTransport, type Transport } from './transport.js';

const log = logger('rpc.server-service');

export interface ServicePolicy {
  auth: ClientAuth;
  readonly: boolean;
  /** Listen backlog: connections the kernel holds while the server is not accepting (max_queued_clients). */
  maxQueuedClients: number;
  /** max_client_requests for clients of this service. */
  maxClientRequests: number;
}

export interface UnixServiceOptions extends ServicePolicy {
  path: string;
  mode: number;
  /** Group to own the socket (unix_sock_group), or null. */
  gid: number | null;
}

export interface TcpServiceOptions extends ServicePolicy {
  /** null listens on every address. */
  host: string | null;
  port: string;
}

/** Does something answer on this unix socket? (a running daemon owns it). */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function listen(srv: NetServer, opts: { path?: string; host?: string; port?: number; backlog: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => {
      srv.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      srv.off('error', onError);
      resolve();
    };
    srv.once('error', onError);
    srv.once('listening', onListening);
    srv.listen(opts);
  });
}

export class ServerService {
  readonly #srv: NetServer;
  readonly policy: ServicePolicy;
  /** Unix path, or null for TCP. */
  readonly path: string | null;
  #onConnection: ((t: Transport, svc: ServerService) => void) | null = null;
  #closed = false;

  private constructor(srv: NetServer, policy: ServicePolicy, path: string | null) {
    this.#srv = srv;
    this.policy = policy;
    this.path = path;
  }

  get readonly(): boolean {
    return this.policy.readonly;
  }

  /** Where the service listens: the path, or "host:port" for TCP (useful when port 0 was asked). */
  get address(): string {
    if (this.path) return this.path;
    const a = this.#srv.address();
    if (a && typeof a === 'object') return `${a.address}:${a.port}`;
    return String(a);
  }

  get port(): number | null {
    const a = this.#srv.address();
    return a && typeof a === 'object' ? a.port : null;
  }

  onConnection(cb: (t: Transport, svc: ServerService) => void): void {
    this.#onConnection = cb;
  }

  #accept(sock: Socket): void {
    if (!this.#onConnection || this.#closed) {
      sock.destroy();
      return;
    }
    const uid = process.getuid?.() ?? null;
    const gid = process.getgid?.() ?? null;
    // Node cannot read SO_PEERCRED. The socket's mode limits who can connect; the peer is
    // attributed the daemon's own uid (the socket owner), which is exact for the 0700 sockets.
    const t = this.path
      ? acceptedSocketTransport(sock, { kind: 'unix', uid, gid, pid: null, address: null })
      : acceptedSocketTransport(sock, { kind: 'tcp', uid: null, gid: null, pid: null, address: `${sock.remoteAddress};${sock.remotePort}` });
    this.#onConnection(t, this);
  }

  static async listenUnix(o: UnixServiceOptions): Promise<ServerService> {
    try {
      const st = await lstat(o.path);
      if (st.isSocket() && (await socketAnswers(o.path))) {
        // libvirt relies on its pid file here and would steal the socket; refusing is kinder to
        // the daemon already serving it.
        throw systemError({ code: 'EADDRINUSE' } as NodeJS.ErrnoException, `Failed to bind socket to '${o.path}'`, ErrorDomain.Rpc);
      }
      await unlink(o.path);
    } catch (e) {
      if (e instanceof VirError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw systemError(e, `Failed to bind socket to '${o.path}'`, ErrorDomain.Rpc);
    }
    const srv = createServer({ noDelay: true, pauseOnConnect: true });
    const svc = new ServerService(srv, o, o.path);
    srv.on('connection', (s) => svc.#accept(s));
    // The socket is created with the requested mode (bind honours the umask), so there is no
    // moment at which it is more open than configured.
    const old = process.umask(~o.mode & 0o777);
    try {
      await listen(srv, { path: o.path, backlog: o.maxQueuedClients });
    } catch (e) {
      throw systemError(e, `Failed to bind socket to '${o.path}'`, ErrorDomain.Rpc);
    } finally {
      process.umask(old);
    }
    try {
      await chmod(o.path, o.mode);
      if (o.gid !== null && o.gid !== 0) await chown(o.path, -1, o.gid);
    } catch (e) {
      srv.close();
      throw systemError(e, `Failed to change ownership of '${o.path}' to -1:${o.gid}`, ErrorDomain.Rpc);
    }
    log.debug(`listening on ${o.path} mode ${o.mode.toString(8)}${o.readonly ? ' (read-only)' : ''}`);
    return svc;
  }

  static async listenTcp(o: TcpServiceOptions): Promise<ServerService> {
    if (!/^\d+$/.test(o.port) || Number(o.port) > 65535) {
      throw new VirError({
        code: ErrorCode.SystemError,
        domain: ErrorDomain.Rpc,
        message: `Unable to resolve address '${o.host ?? '(null)'}' service '${o.port}': Servname not supported for ai_socktype`,
      });
    }
    const srv = createServer({ noDelay: true, pauseOnConnect: true });
    const svc = new ServerService(srv, o, null);
    srv.on('connection', (s) => svc.#accept(s));
    try {
      await listen(srv, { host: o.host ?? undefined, port: Number(o.port), backlog: o.maxQueuedClients });
    } catch (e) {
      throw systemError(e, `Unable to bind to ${o.host ?? '*'}:${o.port}`, ErrorDomain.Rpc);
    }
    log.debug(`listening on tcp ${svc.address}`);
    return svc;
  }

  /**
   * Stop listening and remove the unix socket file. Connected clients are not touched; the
   * returned promise settles when they are gone too (Node's server.close semantics), so close
   * the clients before awaiting it.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    const done = new Promise<void>((res) => this.#srv.close(() => res()));
    const unlinked = this.path ? unlink(this.path).catch(() => {}) : Promise.resolve();
    return Promise.all([done, unlinked]).then(() => {});
  }
}
