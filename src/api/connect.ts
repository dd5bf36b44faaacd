// virConnect: the public handle on one open connection (libvirt-host.c, libvirt-domain.c lookups,
// libvirt-network.c lookups, …). Methods are thin: check arguments, call the driver, wrap refs.
import type { DriverConnection } from '../driver/registry.js';
import type { HypervisorDriver } from '../driver/hypervisor.js';
import type { NodeInfo } from '../driver/types.js';
import { ErrorDomain } from '../util/error.js';
import { driverMethod, readOnlyError } from './call.js';
import { Domain } from './domain.js';

// libvirt-host.c reports in VIR_FROM_DOMAIN, like libvirt-domain.c.
const FROM_HOST = ErrorDomain.Domain;
const FROM_DOMAIN = ErrorDomain.Domain;

export class Connect {
  readonly drivers: DriverConnection;
  readonly readOnly: boolean;
  readonly uriText: string;
  #closed = false;

  constructor(drivers: DriverConnection, uriText: string, readOnly: boolean) {
    this.drivers = drivers;
    this.uriText = uriText;
    this.readOnly = readOnly;
  }

  /** The hypervisor driver's method, or libvirt's "not supported" error for `api`. */
  hv<K extends Exclude<keyof HypervisorDriver, 'name'>>(method: K, api: string, domain = FROM_DOMAIN) {
    return driverMethod(this.drivers.hypervisor, method, api, domain);
  }

  /** Refuse a modifying call on a read-only connection. */
  checkWritable(api: string, domain: ErrorDomain): void {
    if (this.readOnly) throw readOnlyError(api, domain);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.drivers.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // --- host (libvirt-host.c) ---
  getType(): Promise<string> {
    return this.hv('connectGetType', 'virConnectGetType', FROM_HOST)();
  }
  getVersion(): Promise<number> {
    return this.hv('connectGetVersion', 'virConnectGetVersion', FROM_HOST)();
  }
  async getLibVersion(): Promise<number> {
    const fn = this.drivers.hypervisor.connectGetLibVersion;
    return fn ? fn.call(this.drivers.hypervisor) : LIB_VERSION;
  }
  getHostname(): Promise<string> {
    return this.hv('connectGetHostname', 'virConnectGetHostname', FROM_HOST)();
  }
  async getURI(): Promise<string> {
    const fn = this.drivers.hypervisor.connectGetURI;
    if (fn) return fn.call(this.drivers.hypervisor);
    return this.drivers.uri ?? this.uriText;
  }
  getSysinfo(flags = 0): Promise<string> {
    return this.hv('connectGetSysinfo', 'virConnectGetSysinfo', FROM_HOST)(flags);
  }
  getMaxVcpus(type: string | null = null): Promise<number> {
    return this.hv('connectGetMaxVcpus', 'virConnectGetMaxVcpus', FROM_HOST)(type);
  }
  getCapabilities(): Promise<string> {
    return this.hv('connectGetCapabilities', 'virConnectGetCapabilities', FROM_HOST)();
  }
  nodeGetInfo(): Promise<NodeInfo> {
    return this.hv('nodeGetInfo', 'virNodeGetInfo', FROM_HOST)();
  }
  isAlive(): Promise<boolean> {
    return this.hv('connectIsAlive', 'virConnectIsAlive', FROM_HOST)();
  }
  isEncrypted(): Promise<boolean> {
    return this.hv('connectIsEncrypted', 'virConnectIsEncrypted', FROM_HOST)();
  }
  isSecure(): Promise<boolean> {
    return this.hv('connectIsSecure', 'virConnectIsSecure', FROM_HOST)();
  }

  // --- domains (libvirt-domain.c) ---
  async listAllDomains(flags = 0): Promise<Domain[]> {
    const refs = await this.hv('connectListAllDomains', 'virConnectListAllDomains')(flags);
    return refs.map((r) => new Domain(this, r));
  }
  numOfDomains(): Promise<number> {
    return this.hv('connectNumOfDomains', 'virConnectNumOfDomains')();
  }
  listDomains(maxids: number): Promise<number[]> {
    return this.hv('connectListDomains', 'virConnectListDomains')(maxids);
  }
  numOfDefinedDomains(): Promise<number> {
    return this.hv('connectNumOfDefinedDomains', 'virConnectNumOfDefinedDomains')();
  }
  listDefinedDomains(maxnames: number): Promise<string[]> {
    return this.hv('connectListDefinedDomains', 'virConnectListDefinedDomains')(maxnames);
  }
  async domainLookupByName(name: string): Promise<Domain> {
    return new Domain(this, await this.hv('domainLookupByName', 'virDomainLookupByName')(name));
  }
  async domainLookupByID(id: number): Promise<Domain> {
    return new Domain(this, await this.hv('domainLookupByID', 'virDomainLookupByID')(id));
  }
  async domainLookupByUUID(uuid: string): Promise<Domain> {
    return new Domain(this, await this.hv('domainLookupByUUID', 'virDomainLookupByUUID')(uuid));
  }
  async domainDefineXML(xml: string, flags = 0): Promise<Domain> {
    const api = flags ? 'virDomainDefineXMLFlags' : 'virDomainDefineXML';
    this.checkWritable(api, FROM_DOMAIN);
    return new Domain(this, await this.hv('domainDefineXMLFlags', api)(xml, flags));
  }
  async domainCreateXML(xml: string, flags = 0): Promise<Domain> {
    this.checkWritable('virDomainCreateXML', FROM_DOMAIN);
    return new Domain(this, await this.hv('domainCreateXML', 'virDomainCreateXML')(xml, flags));
  }
}

/** libvirt's own version as virGetVersion reports it: 9.0.0 → 9000000. */
export const LIB_VERSION = 9_000_000;
