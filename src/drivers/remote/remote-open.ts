// The remote driver's open sequence, as libvirt's client runs it (doRemoteOpen, remoteAuthenticate):
//
//   1. read the URI into a plan (remote-uri.ts) and open its transport;
//   2. REMOTE_PROC_AUTH_LIST; "none" needs nothing more, polkit is one REMOTE_PROC_AUTH_POLKIT
//      call; an old daemon without the procedure (VIR_ERR_NO_SUPPORT) means no auth;
//   3. REMOTE_PROC_CONNECT_SUPPORTS_FEATURE(VIR_DRV_FEATURE_PROGRAM_KEEPALIVE);
//   4. REMOTE_PROC_CONNECT_OPEN { name, flags } (flags are REMOTE_DRIVER_OPEN_*; RO is bit 0);
//   5. without a URI, REMOTE_PROC_CONNECT_GET_URI to learn what the daemon opened;
//   6. SUPPORTS_FEATURE for REMOTE_EVENT_CALLBACK, then for REMOTE_CLOSE_CALLBACK.
// Feature probes that fail count as "not supported", as in libvirt. The calls of 5 and 6 are
// sent without waiting for each other's answers (see below).
//
// The result carries the client, typed handles on the remote, qemu and lxc programs, the
// connection's URI and what the daemon supports; the remote driver builds its driver objects on it.
import { remoteProcs, remoteProgram } from '../../protocol/remote/procedures.generated.js';
import { qemuProcs, qemuProgram } from '../../protocol/qemu/procedures.generated.js';
import { lxcProcs, lxcProgram } from '../../protocol/lxc/procedures.generated.js';
import { AuthType } from '../../protocol/remote/types.generated.js';
import { ErrorCode, ErrorDomain, VirError, errorsFrom } from '../../util/error.js';
import { formatUri, parseUri, type Uri } from '../../util/uri.js';
import { logger } from '../../util/log.js';
import { RpcClient, type ClientTransport, type RpcClientOptions } from '../../rpc/client.js';
import { ClientProgram } from '../../rpc/client-program.js';
import { planRemoteOpen, type PlanOptions, type RemoteOpenPlan } from './remote-uri.js';
import { openTransport, transportIsSecure } from './transports/index.js';

const log = logger('remote.remote-open');
const report = errorsFrom(ErrorDomain.Remote);

/** libvirt's VIR_DRV_FEATURE_* numbers probed at open. */
export const DrvFeature = {
  ProgramKeepalive: 10,
  RemoteEventCallback: 14,
  RemoteCloseCallback: 15,
} as const;

export interface RemoteOpenOptions extends PlanOptions {
  signal?: AbortSignal;
  /** Start keepalive right after opening (virsh: -k/-K, default 5 s × 6); null or interval ≤ 0: off. */
  keepalive?: { interval: number; count: number } | null;
  client?: RpcClientOptions;
  /** Replace the transport the plan names (tests, or a caller that already holds a socket). */
  transport?: (plan: RemoteOpenPlan) => Promise<ClientTransport>;
}

export interface RemoteConnection {
  readonly client: RpcClient;
  readonly remote: ClientProgram<typeof remoteProcs>;
  readonly qemu: ClientProgram<typeof qemuProcs>;
  readonly lxc: ClientProgram<typeof lxcProcs>;
  readonly plan: RemoteOpenPlan;
  /** The connection's URI as virConnectGetURI reports it. */
  readonly uri: string;
  /** What the daemon said it supports. */
  readonly features: { keepalive: boolean; eventCallback: boolean; closeCallback: boolean };
  /** virConnectIsSecure */
  readonly secure: boolean;
  /**
   * virConnectSetKeepAlive for this connection: 0 when started (or stopped with interval ≤ 0),
   * 1 when the daemon does not support keepalive.
   */
  setKeepAlive(interval: number, count: number): number;
  /** REMOTE_PROC_CONNECT_CLOSE, then drop the connection (doRemoteClose). */
  close(): Promise<void>;
}

/** Ask one feature; any failure means no (remoteConnectSupportsFeatureUnlocked). */
async function probe(remote: ClientProgram<typeof remoteProcs>, feature: number, signal?: AbortSignal): Promise<boolean> {
  try {
    const r = await remote.call('connectSupportsFeature', { feature }, { signal });
    return r.supported !== 0;
  } catch (e) {
    if (signal?.aborted) throw e;
    return false;
  }
}

/** remoteAuthenticate without SASL. */
async function authenticate(remote: ClientProgram<typeof remoteProcs>, authType: string | null, signal?: AbortSignal): Promise<void> {
  let types: AuthType[];
  try {
    types = (await remote.call('authList', undefined, { signal })).types;
  } catch (e) {
    // A daemon older than the procedure: nothing to do.
    if (VirError.is(e, ErrorCode.NoSupport)) return;
    throw e;
  }
  if (types.length === 0) return;
  let type: number = AuthType.None;
  if (authType) {
    const lower = authType.toLowerCase();
    let want: AuthType;
    if (lower === 'sasl' || lower.startsWith('sasl.')) want = AuthType.Sasl;
    else if (lower === 'polkit') want = AuthType.Polkit;
    else throw report(ErrorCode.AuthFailed, `unknown authentication type ${authType}`);
    if (types.includes(want)) type = want;
    if (type === AuthType.None) throw report(ErrorCode.AuthFailed, `requested authentication type ${authType} rejected`);
  } else {
    type = types[0]!;
  }
  switch (type) {
    case AuthType.None:
      return;
    case AuthType.Polkit:
      await remote.call('authPolkit', undefined, { signal });
      return;
    default:
      // SASL is not built in yet: this is what a libvirt built without SASL answers.
      throw report(ErrorCode.AuthFailed, `unsupported authentication type ${types[0]}`);
  }
}

/**
 * Open a connection to a daemon for `uri` (null: no URI, let the daemon choose), as libvirt's
 * remote driver does. Throws libvirt's errors; nothing is left open on failure.
 */
export async function remoteOpen(uri: Uri | null, opts: RemoteOpenOptions = {}): Promise<RemoteConnection> {
  const signal = opts.signal;
  const plan = planRemoteOpen(uri, opts);
  log.debug(() => `proceeding with name = ${plan.name}`);
  const transport = await (opts.transport ?? ((p) => openTransport(p, { signal, env: opts.env })))(plan);
  const client = await RpcClient.connect(transport, { label: plan.hostname, ...opts.client });
  const remote = new ClientProgram(client, remoteProgram);
  try {
    await authenticate(remote, plan.authType, signal);
    const keepalive = await probe(remote, DrvFeature.ProgramKeepalive, signal);
    await remote.call('connectOpen', { name: plan.name, flags: plan.flags }, { signal });
    // libvirt waits for each answer before the next call. The calls after CONNECT_OPEN go out
    // together, in libvirt's order: none depends on another's answer, failed probes count as
    // "no" either way, and a failed URI query fails the open whatever the probes said — so the
    // outcome is libvirt's, one or two round trips sooner (what matters over ssh or tcp).
    const [daemonUri, eventCallback, closeCallback] = await Promise.all([
      uri === null ? remote.call('connectGetURI', undefined, { signal }) : null,
      probe(remote, DrvFeature.RemoteEventCallback, signal),
      probe(remote, DrvFeature.RemoteCloseCallback, signal),
    ]);
    // libvirt parses what the daemon says; an unparsable answer fails the open.
    const uriText = daemonUri ? formatUri(parseUri(daemonUri.uri)) : formatUri(uri!);
    const features = { keepalive, eventCallback, closeCallback };
    const setKeepAlive = (interval: number, count: number): number => {
      if (!features.keepalive) return 1;
      if (interval > 0) client.startKeepAlive(interval, count);
      else client.stopKeepAlive();
      return 0;
    };
    if (opts.keepalive && opts.keepalive.interval > 0) setKeepAlive(opts.keepalive.interval, opts.keepalive.count);
    return {
      client,
      remote,
      qemu: new ClientProgram(client, qemuProgram),
      lxc: new ClientProgram(client, lxcProgram),
      plan,
      uri: uriText,
      features,
      secure: transportIsSecure(plan),
      setKeepAlive,
      async close() {
        try {
          if (client.isOpen) await remote.call('connectClose', undefined);
        } finally {
          await client.close();
        }
      },
    };
  } catch (e) {
    await client.close();
    throw e;
  }
}
