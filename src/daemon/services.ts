// Where libvirtd listens (remote_daemon.c daemonSetupNetworking, util/virdaemon.c
// virDaemonUnixSocketPaths): the unix sockets with their modes and group, and TCP with --listen.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import { logger } from '../util/log.js';
import { ClientAuth } from '../rpc/server-client.js';
import { ServerService } from '../rpc/server-service.js';
import type { Server } from '../rpc/server.js';
import { AuthType, parseMode, type DaemonConfig } from './config.js';

const log = logger('daemon.services');

export const SOCK_PREFIX = 'libvirt';

export interface SocketPaths {
  rw: string;
  ro: string | null;
  admin: string | null;
}

/** $XDG_RUNTIME_DIR/libvirt for a per-user daemon (glib falls back to the cache directory). */
export function userRuntimeDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_RUNTIME_DIR'] || env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  return join(base, 'libvirt');
}

/**
 * The socket paths. With unix_sock_dir set all three sockets go there; libvirt makes only the rw
 * socket there for a per-user daemon, but a test daemon needs the read-only and admin sockets
 * too, so tsvirt creates them whatever the privilege.
 */
export function socketPaths(privileged: boolean, unixSockDir: string | null, env: NodeJS.ProcessEnv = process.env): SocketPaths {
  if (unixSockDir) {
    return {
      rw: join(unixSockDir, `${SOCK_PREFIX}-sock`),
      ro: join(unixSockDir, `${SOCK_PREFIX}-sock-ro`),
      admin: join(unixSockDir, `${SOCK_PREFIX}-admin-sock`),
    };
  }
  if (privileged) {
    return {
      rw: `/run/libvirt/${SOCK_PREFIX}-sock`,
      ro: `/run/libvirt/${SOCK_PREFIX}-sock-ro`,
      admin: `/run/libvirt/${SOCK_PREFIX}-admin-sock`,
    };
  }
  const dir = userRuntimeDir(env);
  return { rw: join(dir, `${SOCK_PREFIX}-sock`), ro: null, admin: join(dir, `${SOCK_PREFIX}-admin-sock`) };
}

/** A group name (or +N / N) to its gid, from /etc/group as getgrnam would. */
export async function groupId(name: string): Promise<number> {
  let text = '';
  try {
    text = await readFile('/etc/group', 'utf8');
  } catch {
    // fall through to the numeric forms
  }
  if (!name.startsWith('+')) {
    for (const line of text.split('\n')) {
      const f = line.split(':');
      if (f[0] === name && f[2] !== undefined) return Number(f[2]);
    }
  }
  const num = name.startsWith('+') ? name.slice(1) : name;
  if (/^\d+$/.test(num)) return Number(num);
  throw errorsFrom(ErrorDomain.None)(ErrorCode.InvalidArg, `Failed to parse group '${name}'`);
}

function clientAuth(a: AuthType): ClientAuth {
  switch (a) {
    case AuthType.None:
      return ClientAuth.None;
    case AuthType.Sasl:
      return ClientAuth.Sasl;
    case AuthType.Polkit:
      return ClientAuth.Polkit;
  }
}

export class NetworkSetupError extends Error {}

/** Create the services on the two servers; throws a VirError (or NetworkSetupError for a bad mode). */
export async function setupNetworking(
  srv: Server,
  admin: Server,
  c: DaemonConfig,
  paths: SocketPaths,
  opts: { listen: boolean },
): Promise<void> {
  const gid = c.unixSockGroup ? await groupId(c.unixSockGroup) : null;
  const mode = (s: string) => {
    const m = parseMode(s);
    if (m === null) throw new NetworkSetupError(`Failed to parse mode '${s}'`);
    return m;
  };
  const roMode = mode(c.unixSockRoPerms);
  const adminMode = mode(c.unixSockAdminPerms);
  const rwMode = mode(c.unixSockRwPerms);

  const common = { maxQueuedClients: c.maxQueuedClients, maxClientRequests: c.maxClientRequests };
  srv.addService(
    await ServerService.listenUnix({ path: paths.rw, mode: rwMode, gid, auth: clientAuth(c.authUnixRw), readonly: false, ...common }),
  );
  if (paths.ro) {
    srv.addService(
      await ServerService.listenUnix({ path: paths.ro, mode: roMode, gid, auth: clientAuth(c.authUnixRo), readonly: true, ...common }),
    );
  }
  if (paths.admin) {
    admin.addService(
      await ServerService.listenUnix({
        path: paths.admin,
        mode: adminMode,
        gid,
        auth: ClientAuth.None,
        readonly: false,
        maxQueuedClients: c.adminMaxQueuedClients,
        maxClientRequests: c.adminMaxClientRequests,
      }),
    );
  }
  if (opts.listen && c.listenTcp) {
    const svc = await ServerService.listenTcp({ host: c.listenAddr, port: c.tcpPort, auth: clientAuth(c.authTcp), readonly: false, ...common });
    log.info(`listening for TCP connections on ${svc.address}`);
    srv.addService(svc);
  }
  if (opts.listen && c.listenTls) {
    // TLS comes later; refusing is better than listening without encryption.
    throw errorsFrom(ErrorDomain.Rpc)(ErrorCode.ConfigUnsupported, 'TLS listening (listen_tls) is not supported yet; set listen_tls = 0');
  }
}
