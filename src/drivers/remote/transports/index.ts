// Pick and open the transport a plan names (the "Connect to the remote service" switch of
// doRemoteOpen). Each transport lives in its own file and is loaded only when used, so a unix
// connection never loads the ssh code.
import { ErrorCode, ErrorDomain, errorsFrom } from '../../../util/error.js';
import type { ClientTransport } from '../../../rpc/client.js';
import type { RemoteOpenPlan } from '../remote-uri.js';

const report = errorsFrom(ErrorDomain.Remote);

export interface TransportOptions {
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export async function openTransport(plan: RemoteOpenPlan, opts: TransportOptions = {}): Promise<ClientTransport> {
  const env = opts.env ?? process.env;
  switch (plan.transport) {
    case 'unix':
      return (await import('./unix.js')).connectUnix(plan.socketPath!, opts);
    case 'tcp':
      return (await import('./tcp.js')).connectTcp(plan.hostname, plan.port!, opts);
    case 'ssh':
      return (await import('./ssh.js')).connectSsh(plan, env);
    case 'ext':
      return (await import('./ext.js')).connectExt(plan.command!, env);
    case 'libssh2':
    case 'libssh':
      return (await import('./libssh.js')).connectLibssh(plan.transport, plan, env);
    case 'tls':
      throw report(ErrorCode.OperationUnsupported, 'the tls transport is not supported yet (use tcp, unix or ssh)');
  }
}

/** libvirt's priv->is_secure: what virConnectIsSecure reports for the transport. */
export function transportIsSecure(plan: RemoteOpenPlan): boolean {
  return plan.transport !== 'tcp' && plan.transport !== 'ext';
}
