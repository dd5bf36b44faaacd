// The remote driver (libvirt's remoteConnectDriver): registered last, it takes every URI the
// local drivers decline — any URI with a transport or a host, and, outside a daemon, local ones
// too — opens a connection to a daemon (remote-open.ts) and serves every driver interface by RPC
// (remote-connection.ts). Only this small entry loads with the library; the RPC client, the
// protocol tables and the wire map load on the first remote open.
import { DECLINED, type ConnectDriver, type OpenRequest } from '../../driver/registry.js';
import type { Uri } from '../../util/uri.js';
import type { RemoteOpenOptions } from './remote-open.js';

// libvirt's inside_daemon: set by the daemon, whose clients' local URIs belong to its own drivers.
let insideDaemon = false;

export function markInsideDaemon(): void {
  insideDaemon = true;
}

function namesUnixSocket(uri: Uri): boolean {
  return uri.params.some((p) => p.name === 'socket');
}

export interface RemoteDriverOptions {
  /** Options for every open (tests: env, transports, keepalive). */
  open?: Omit<RemoteOpenOptions, 'readOnly'>;
}

/** The remote driver's entry in the driver table (libvirt's remoteConnectDriver). */
export function makeRemoteConnectDriver(opts: RemoteDriverOptions = {}): ConnectDriver {
  return {
    name: 'remote',
    async open(req: OpenRequest) {
      if (insideDaemon) {
        // In the daemon, local URIs are its own drivers'; a URI naming a host or a socket is
        // proxied onward.
        if (!req.uri) return DECLINED;
        if (!req.uri.server && !namesUnixSocket(req.uri)) return DECLINED;
      }
      const [{ remoteOpen }, { remoteDriverConnection }] = await Promise.all([import('./remote-open.js'), import('./remote-connection.js')]);
      const rc = await remoteOpen(req.uri, { ...opts.open, readOnly: req.readOnly });
      return remoteDriverConnection(rc);
    },
  };
}

export const remoteConnectDriver: ConnectDriver = makeRemoteConnectDriver();
