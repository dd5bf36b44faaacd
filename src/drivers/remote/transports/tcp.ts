// The tcp transport: resolve the host, then try each address in turn until one connects
// (virNetSocketNewConnectTCP). The error names the host and port as libvirt does:
// "unable to connect to server at 'host:port': Connection refused".
import { lookup } from 'node:dns/promises';
import { connect, type Socket } from 'node:net';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../../../util/error.js';
import { systemError } from '../../../util/system-error.js';
import { socketTransport } from '../../../rpc/transport.js';
import type { ClientTransport } from '../../../rpc/client.js';

const report = errorsFrom(ErrorDomain.Rpc);

/** glibc's gai_strerror for the resolver failures Node reports. */
const GAI_TEXT: Record<string, string> = {
  ENOTFOUND: 'Name or service not known',
  EAI_NONAME: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_FAIL: 'Non-recoverable failure in name resolution',
  EAI_NODATA: 'No address associated with hostname',
  ENODATA: 'No address associated with hostname',
  EAI_SERVICE: 'Servname not supported for ai_socktype',
};

export async function connectTcp(host: string, port: string, opts: { signal?: AbortSignal } = {}): Promise<ClientTransport> {
  opts.signal?.throwIfAborted();
  const portNum = Number(port);
  let addrs: Array<{ address: string; family: number }>;
  try {
    if (!/^\d+$/.test(port) || portNum > 65535) throw Object.assign(new Error('bad service'), { code: 'EAI_SERVICE' });
    addrs = await lookup(host, { all: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw report(ErrorCode.SystemError, `Unable to resolve address '${host}' service '${port}': ${GAI_TEXT[code] ?? (e as Error).message}`);
  }
  let lastErr: NodeJS.ErrnoException | null = null;
  for (const a of addrs) {
    opts.signal?.throwIfAborted();
    try {
      const sock = await attempt(a.address, portNum, opts.signal);
      return socketTransport(sock, { kind: 'tcp', uid: null, gid: null, pid: null, address: `${a.address};${port}` });
    } catch (e) {
      if (e instanceof VirError || opts.signal?.aborted) throw e;
      lastErr = e as NodeJS.ErrnoException;
    }
  }
  throw systemError(lastErr ?? { code: 'ECONNREFUSED' }, `unable to connect to server at '${host}:${port}'`, ErrorDomain.Rpc);
}

function attempt(address: string, port: number, signal?: AbortSignal): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const sock = connect({ host: address, port });
    const onAbort = () => {
      sock.destroy();
      reject(signal!.reason);
    };
    const cleanup = () => {
      sock.off('connect', onConnect);
      sock.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const onConnect = () => {
      cleanup();
      resolve(sock);
    };
    const onError = (e: Error) => {
      cleanup();
      sock.destroy();
      reject(e);
    };
    sock.once('connect', onConnect);
    sock.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
