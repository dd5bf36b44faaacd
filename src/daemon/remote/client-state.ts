// What the remote program keeps per client (libvirt's daemonClientPrivate): the connection it
// opened with CONNECT_OPEN, its event callbacks and its open streams. Stored in the server
// client's privateData and torn down when the client goes away.
import type { Connect } from '../../api/connect.js';
import type { DriverKind } from '../../drivers/remote/wire-map.js';
import type { ServerClient } from '../../rpc/server-client.js';
import { ErrorCode } from '../../util/error.js';
import { logger } from '../../util/log.js';
import { rpcError } from '../../rpc/server-message.js';

const log = logger('daemon.remote');
const KEY = 'remote';

export class RemoteClientState {
  readonly client: ServerClient;
  conn: Connect | null = null;
  /** Undo functions run when the client goes (event listeners, streams). */
  readonly #cleanups = new Set<() => void>();

  constructor(client: ServerClient) {
    this.client = client;
    client.once('close', () => void this.dispose());
  }

  /**
   * The client's connection for a driver kind; libvirtd points every kind at the one connection
   * CONNECT_OPEN made, and names the hypervisor's when none is open.
   */
  connFor(kind: DriverKind): Connect {
    if (this.conn) return this.conn;
    throw rpcError(ErrorCode.InternalError, kind === 'hypervisor' ? 'hypervisor connection not open' : 'connection not open');
  }

  onDispose(fn: () => void): () => void {
    this.#cleanups.add(fn);
    return () => this.#cleanups.delete(fn);
  }

  async dispose(): Promise<void> {
    for (const fn of this.#cleanups) {
      try {
        fn();
      } catch (e) {
        log.debug(() => `client ${this.client.id} cleanup: ${(e as Error).message}`);
      }
    }
    this.#cleanups.clear();
    const conn = this.conn;
    this.conn = null;
    if (conn) await conn.close().catch((e: Error) => log.debug(() => `closing client ${this.client.id}'s connection: ${e.message}`));
  }
}

export function clientState(client: ServerClient): RemoteClientState {
  let st = client.privateData.get(KEY) as RemoteClientState | undefined;
  if (!st) {
    st = new RemoteClientState(client);
    client.privateData.set(KEY, st);
  }
  return st;
}
