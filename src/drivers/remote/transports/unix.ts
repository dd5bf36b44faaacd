// The unix transport: a stream socket to the daemon's socket path (virNetSocketNewConnectUNIX).
// A path starting with '@' names a Linux abstract socket, as in libvirt.
import { connect } from 'node:net';
import { ErrorDomain } from '../../../util/error.js';
import { systemError } from '../../../util/system-error.js';
import { socketTransport } from '../../../rpc/transport.js';
import type { ClientTransport } from '../../../rpc/client.js';

/** sizeof(sockaddr_un.sun_path): libvirt refuses a path that does not fit with its NUL. */
const SUN_PATH_MAX = 108;

export async function connectUnix(path: string, opts: { signal?: AbortSignal } = {}): Promise<ClientTransport> {
  opts.signal?.throwIfAborted();
  if (Buffer.byteLength(path) >= SUN_PATH_MAX) {
    throw systemError({ code: 'ENOMEM', errno: -12, message: 'Cannot allocate memory' } as NodeJS.ErrnoException, `Path ${path} too long for unix socket`, ErrorDomain.Rpc);
  }
  const target = path.startsWith('@') ? '\0' + path.slice(1) : path;
  const sock = connect({ path: target });
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      sock.destroy();
      reject(opts.signal!.reason);
    };
    const cleanup = () => {
      sock.off('connect', onConnect);
      sock.off('error', onError);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const onConnect = () => {
      cleanup();
      resolve();
    };
    const onError = (e: NodeJS.ErrnoException) => {
      cleanup();
      reject(systemError(e, `Failed to connect socket to '${path}'`, ErrorDomain.Rpc));
    };
    sock.once('connect', onConnect);
    sock.once('error', onError);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  return socketTransport(sock, { kind: 'unix', uid: null, gid: null, pid: null, address: null });
}
