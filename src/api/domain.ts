// virDomain: one domain seen through a connection (libvirt-domain.c).
import type { DomainRef } from '../driver/refs.js';
import type { DomainInfo } from '../driver/types.js';
import { ErrorDomain } from '../util/error.js';
import type { Connect } from './connect.js';
import { snapshotApi, type DomainSnapshot } from './domain-snapshot.js';

const FROM = ErrorDomain.Domain;

export class Domain {
  readonly conn: Connect;
  readonly ref: DomainRef;

  constructor(conn: Connect, ref: DomainRef) {
    this.conn = conn;
    this.ref = ref;
  }

  get name(): string {
    return this.ref.name;
  }
  get uuid(): string {
    return this.ref.uuid;
  }
  /** The id at lookup time (virDomainGetID); -1 when it was not running. */
  get id(): number {
    return this.ref.id;
  }

  /** For a call that changes the domain: read-only check first, as libvirt does. */
  #write(api: string): void {
    this.conn.checkWritable(api, FROM);
  }

  getInfo(): Promise<DomainInfo> {
    return this.conn.hv('domainGetInfo', 'virDomainGetInfo')(this.ref);
  }
  getState(flags = 0): Promise<{ state: number; reason: number }> {
    return this.conn.hv('domainGetState', 'virDomainGetState')(this.ref, flags);
  }
  getXMLDesc(flags = 0): Promise<string> {
    return this.conn.hv('domainGetXMLDesc', 'virDomainGetXMLDesc')(this.ref, flags);
  }
  getOSType(): Promise<string> {
    return this.conn.hv('domainGetOSType', 'virDomainGetOSType')(this.ref);
  }
  isActive(): Promise<boolean> {
    return this.conn.hv('domainIsActive', 'virDomainIsActive')(this.ref);
  }
  isPersistent(): Promise<boolean> {
    return this.conn.hv('domainIsPersistent', 'virDomainIsPersistent')(this.ref);
  }
  getAutostart(): Promise<boolean> {
    return this.conn.hv('domainGetAutostart', 'virDomainGetAutostart')(this.ref);
  }
  async setAutostart(autostart: boolean): Promise<void> {
    this.#write('virDomainSetAutostart');
    await this.conn.hv('domainSetAutostart', 'virDomainSetAutostart')(this.ref, autostart);
  }
  async create(flags = 0): Promise<void> {
    const api = flags ? 'virDomainCreateWithFlags' : 'virDomainCreate';
    this.#write(api);
    const ref = await this.conn.hv('domainCreateWithFlags', api)(this.ref, flags);
    this.ref.id = ref.id;
  }
  async destroy(flags = 0): Promise<void> {
    const api = flags ? 'virDomainDestroyFlags' : 'virDomainDestroy';
    this.#write(api);
    await this.conn.hv('domainDestroyFlags', api)(this.ref, flags);
    this.ref.id = -1;
  }
  async shutdown(flags = 0): Promise<void> {
    const api = flags ? 'virDomainShutdownFlags' : 'virDomainShutdown';
    this.#write(api);
    await this.conn.hv('domainShutdownFlags', api)(this.ref, flags);
  }
  async undefine(flags = 0): Promise<void> {
    const api = flags ? 'virDomainUndefineFlags' : 'virDomainUndefine';
    this.#write(api);
    await this.conn.hv('domainUndefineFlags', api)(this.ref, flags);
  }
  async suspend(): Promise<void> {
    this.#write('virDomainSuspend');
    await this.conn.hv('domainSuspend', 'virDomainSuspend')(this.ref);
  }
  async resume(): Promise<void> {
    this.#write('virDomainResume');
    await this.conn.hv('domainResume', 'virDomainResume')(this.ref);
  }

  // --- snapshots (snapshot area; libvirt-domain-snapshot.c) ---
  snapshotCreateXML(xml: string, flags = 0): Promise<DomainSnapshot> {
    return snapshotApi(this).createXML(xml, flags);
  }
  snapshotNum(flags = 0): Promise<number> {
    return snapshotApi(this).num(flags);
  }
  snapshotListNames(maxnames: number, flags = 0): Promise<string[]> {
    return snapshotApi(this).listNames(maxnames, flags);
  }
  listAllSnapshots(flags = 0): Promise<DomainSnapshot[]> {
    return snapshotApi(this).listAll(flags);
  }
  snapshotLookupByName(name: string, flags = 0): Promise<DomainSnapshot> {
    return snapshotApi(this).lookupByName(name, flags);
  }
  hasCurrentSnapshot(flags = 0): Promise<boolean> {
    return snapshotApi(this).hasCurrent(flags);
  }
  snapshotCurrent(flags = 0): Promise<DomainSnapshot> {
    return snapshotApi(this).current(flags);
  }
}
