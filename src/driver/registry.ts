// The driver table (libvirt's virConnectDriverTab and the secondary tables). Drivers register in
// order, local ones first and the remote driver last; open() asks each in turn.
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import type { Uri } from '../util/uri.js';
import type { EventBus } from './events.js';
import type { HypervisorDriver } from './hypervisor.js';
import type { InterfaceDriver } from './interface.js';
import type { NetworkDriver } from './network.js';
import type { NodeDeviceDriver } from './node-device.js';
import type { NWFilterDriver } from './nwfilter.js';
import type { SecretDriver } from './secret.js';
import type { StorageDriver } from './storage.js';

const report = errorsFrom(ErrorDomain.None);

/** virConnectCredential: one question asked through an auth callback. */
export interface Credential {
  type: number;
  prompt: string;
  challenge?: string;
  defresult?: string;
  result?: string;
}

/** virConnectAuth */
export interface ConnectAuth {
  credTypes: number[];
  callback(creds: Credential[]): Promise<void> | void;
}

export interface OpenRequest {
  /** The URI as given (after LIBVIRT_DEFAULT_URI), or null when none was named. */
  uriText: string | null;
  uri: Uri | null;
  auth: ConnectAuth | null;
  flags: number;
  readOnly: boolean;
}

/** What a connect driver hands back for one open connection: its hypervisor driver and any secondary drivers it provides itself. */
export interface DriverConnection {
  hypervisor: HypervisorDriver;
  network?: NetworkDriver;
  storage?: StorageDriver;
  interface?: InterfaceDriver;
  nodeDevice?: NodeDeviceDriver;
  secret?: SecretDriver;
  nwfilter?: NWFilterDriver;
  /** The connection's own URI, as virConnectGetURI reports it (defaults to the request's). */
  uri?: string;
  // events (remote area): the bus the connection's drivers raise object events on
  events?: EventBus;
  close(): Promise<void>;
}

export const DECLINED = Symbol('declined');
export type OpenResult<T> = T | typeof DECLINED;

export interface ConnectDriver {
  readonly name: string;
  /** Only for URIs without a host (libvirt's localOnly). */
  readonly localOnly?: boolean;
  /** Only for URIs with a host. */
  readonly remoteOnly?: boolean;
  /** URI schemes this driver answers to; others are declined without asking it. */
  readonly uriSchemes?: readonly string[];
  /**
   * Whether connections of this driver take the registered secondary drivers (network, storage,
   * …) for the kinds they do not provide themselves (libvirt's setSharedDrivers). The test driver
   * provides its own and takes none; QEMU takes the host's.
   */
  readonly sharedDrivers?: boolean;
  open(req: OpenRequest): Promise<OpenResult<DriverConnection>>;
}

export interface SecondaryDrivers {
  network: NetworkDriver;
  storage: StorageDriver;
  interface: InterfaceDriver;
  nodeDevice: NodeDeviceDriver;
  secret: SecretDriver;
  nwfilter: NWFilterDriver;
}
export type SecondaryKind = keyof SecondaryDrivers;

/** A secondary driver (network, storage, …) offered to every connection whose connect driver lacks one. */
export interface SecondaryDriverFactory<K extends SecondaryKind> {
  readonly name: string;
  open(req: OpenRequest, conn: DriverConnection): Promise<OpenResult<SecondaryDrivers[K]>>;
}

export class DriverRegistry {
  readonly connectDrivers: ConnectDriver[] = [];
  readonly secondary: { [K in SecondaryKind]: SecondaryDriverFactory<K>[] } = {
    network: [],
    storage: [],
    interface: [],
    nodeDevice: [],
    secret: [],
    nwfilter: [],
  };

  registerConnectDriver(d: ConnectDriver): this {
    this.connectDrivers.push(d);
    return this;
  }

  registerSecondary<K extends SecondaryKind>(kind: K, d: SecondaryDriverFactory<K>): this {
    (this.secondary[kind] as SecondaryDriverFactory<K>[]).push(d);
    return this;
  }

  /** virConnectOpenInternal: try each connect driver in order, then fill in the secondary drivers. */
  async open(req: OpenRequest): Promise<DriverConnection> {
    const scheme = req.uri?.scheme?.toLowerCase() ?? null;
    const hasServer = !!req.uri?.server;
    let conn: DriverConnection | undefined;
    let opener: ConnectDriver | undefined;
    for (const d of this.connectDrivers) {
      if (d.localOnly && hasServer) continue;
      if (d.remoteOnly && !hasServer) continue;
      if (d.uriSchemes && (scheme === null || !d.uriSchemes.includes(scheme))) continue;
      const r = await d.open(req);
      if (r === DECLINED) continue;
      conn = r;
      opener = d;
      break;
    }
    if (!conn) throw report(ErrorCode.NoConnect, req.uriText ?? undefined);
    if (!opener?.sharedDrivers) return conn;
    for (const kind of Object.keys(this.secondary) as SecondaryKind[]) {
      if (conn[kind]) continue;
      for (const f of this.secondary[kind]) {
        const r = await (f as SecondaryDriverFactory<typeof kind>).open(req, conn);
        if (r === DECLINED) continue;
        (conn as unknown as Record<string, unknown>)[kind] = r;
        break;
      }
    }
    return conn;
  }
}
