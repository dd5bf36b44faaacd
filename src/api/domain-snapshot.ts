// virDomainSnapshot: one snapshot of a domain (libvirt-domain-snapshot.c). The domain-level entry
// points (create, list, lookup, current) are on Domain and come here through snapshotApi().
import type { DomainSnapshotRef } from '../driver/refs.js';
import { ErrorDomain } from '../util/error.js';
import { checkNonNegative } from './arg-checks.js';
import { invokeDriver } from './invoke.js';
import type { Domain } from './domain.js';

const FROM = ErrorDomain.DomainSnapshot;

/** virDomainSnapshotCreateFlags */
export const SnapshotCreateFlags = {
  REDEFINE: 1 << 0,
  CURRENT: 1 << 1,
  NO_METADATA: 1 << 2,
  HALT: 1 << 3,
  DISK_ONLY: 1 << 4,
  REUSE_EXT: 1 << 5,
  QUIESCE: 1 << 6,
  ATOMIC: 1 << 7,
  LIVE: 1 << 8,
  VALIDATE: 1 << 9,
} as const;

/** virDomainSnapshotXMLFlags */
export const SnapshotXMLFlags = {
  SECURE: 1 << 0,
} as const;

/** virDomainSnapshotListFlags (ROOTS and DESCENDANTS share a bit: roots for a domain, all descendants for a snapshot). */
export const SnapshotListFlags = {
  ROOTS: 1 << 0,
  DESCENDANTS: 1 << 0,
  METADATA: 1 << 1,
  LEAVES: 1 << 2,
  NO_LEAVES: 1 << 3,
  NO_METADATA: 1 << 4,
  INACTIVE: 1 << 5,
  ACTIVE: 1 << 6,
  DISK_ONLY: 1 << 7,
  INTERNAL: 1 << 8,
  EXTERNAL: 1 << 9,
  TOPOLOGICAL: 1 << 10,
} as const;

/** virDomainSnapshotRevertFlags */
export const SnapshotRevertFlags = {
  RUNNING: 1 << 0,
  PAUSED: 1 << 1,
  FORCE: 1 << 2,
  RESET_NVRAM: 1 << 3,
} as const;

/** virDomainSnapshotDeleteFlags */
export const SnapshotDeleteFlags = {
  CHILDREN: 1 << 0,
  METADATA_ONLY: 1 << 1,
  CHILDREN_ONLY: 1 << 2,
} as const;

/** Flag names of the entry points' checks (entry-checks.ts). */
export const CREATE_NAMES = {
  VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE: SnapshotCreateFlags.REDEFINE,
  VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT: SnapshotCreateFlags.CURRENT,
  VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA: SnapshotCreateFlags.NO_METADATA,
  VIR_DOMAIN_SNAPSHOT_CREATE_HALT: SnapshotCreateFlags.HALT,
};
export const REVERT_NAMES = {
  VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING: SnapshotRevertFlags.RUNNING,
  VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED: SnapshotRevertFlags.PAUSED,
};
export const DELETE_NAMES = {
  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN: SnapshotDeleteFlags.CHILDREN,
  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY: SnapshotDeleteFlags.CHILDREN_ONLY,
};

export class DomainSnapshot {
  readonly domain: Domain;
  readonly ref: DomainSnapshotRef;

  constructor(domain: Domain, ref: DomainSnapshotRef) {
    this.domain = domain;
    this.ref = ref;
  }

  /** virDomainSnapshotGetName */
  get name(): string {
    return this.ref.name;
  }

  #hv<K extends Parameters<Domain['conn']['hv']>[0]>(method: K, api: string) {
    return this.domain.conn.hv(method, api, FROM);
  }

  /** Through the API's core: its secure-flag refusal is in entry-checks.ts. */
  async getXMLDesc(flags = 0): Promise<string> {
    return invokeDriver(this.domain.conn, 'hypervisor', 'domainSnapshotGetXMLDesc', 'virDomainSnapshotGetXMLDesc', [this.ref, flags]) as Promise<string>;
  }
  async numChildren(flags = 0): Promise<number> {
    return this.#hv('domainSnapshotNumChildren', 'virDomainSnapshotNumChildren')(this.ref, flags);
  }
  async listChildrenNames(maxnames: number, flags = 0): Promise<string[]> {
    checkNonNegative(maxnames, 'nameslen', 'virDomainSnapshotListChildrenNames', FROM);
    return this.#hv('domainSnapshotListChildrenNames', 'virDomainSnapshotListChildrenNames')(this.ref, maxnames, flags);
  }
  async listAllChildren(flags = 0): Promise<DomainSnapshot[]> {
    const refs = await this.#hv('domainSnapshotListAllChildren', 'virDomainSnapshotListAllChildren')(this.ref, flags);
    return refs.map((r) => new DomainSnapshot(this.domain, r));
  }
  async getParent(flags = 0): Promise<DomainSnapshot> {
    return new DomainSnapshot(this.domain, await this.#hv('domainSnapshotGetParent', 'virDomainSnapshotGetParent')(this.ref, flags));
  }
  async isCurrent(flags = 0): Promise<boolean> {
    return this.#hv('domainSnapshotIsCurrent', 'virDomainSnapshotIsCurrent')(this.ref, flags);
  }
  async hasMetadata(flags = 0): Promise<boolean> {
    return this.#hv('domainSnapshotHasMetadata', 'virDomainSnapshotHasMetadata')(this.ref, flags);
  }
  /** virDomainRevertToSnapshot */
  async revert(flags = 0): Promise<void> {
    await invokeDriver(this.domain.conn, 'hypervisor', 'domainRevertToSnapshot', 'virDomainRevertToSnapshot', [this.ref, flags]);
  }
  /** virDomainSnapshotDelete */
  async delete(flags = 0): Promise<void> {
    await invokeDriver(this.domain.conn, 'hypervisor', 'domainSnapshotDelete', 'virDomainSnapshotDelete', [this.ref, flags]);
  }
}

/** The domain-level snapshot entry points, kept here so that domain.ts only forwards to them. */
export function snapshotApi(dom: Domain) {
  const hv = <K extends Parameters<Domain['conn']['hv']>[0]>(method: K, api: string) => dom.conn.hv(method, api, FROM);
  const wrap = (ref: DomainSnapshotRef) => new DomainSnapshot(dom, ref);
  return {
    async createXML(xml: string, flags: number): Promise<DomainSnapshot> {
      const ref = await invokeDriver(dom.conn, 'hypervisor', 'domainSnapshotCreateXML', 'virDomainSnapshotCreateXML', [dom.ref, xml, flags]);
      return wrap(ref as DomainSnapshotRef);
    },
    async num(flags: number): Promise<number> {
      return hv('domainSnapshotNum', 'virDomainSnapshotNum')(dom.ref, flags);
    },
    async listNames(maxnames: number, flags: number): Promise<string[]> {
      checkNonNegative(maxnames, 'nameslen', 'virDomainSnapshotListNames', FROM);
      return hv('domainSnapshotListNames', 'virDomainSnapshotListNames')(dom.ref, maxnames, flags);
    },
    async listAll(flags: number): Promise<DomainSnapshot[]> {
      return (await hv('domainListAllSnapshots', 'virDomainListAllSnapshots')(dom.ref, flags)).map(wrap);
    },
    async lookupByName(name: string, flags: number): Promise<DomainSnapshot> {
      return wrap(await hv('domainSnapshotLookupByName', 'virDomainSnapshotLookupByName')(dom.ref, name, flags));
    },
    async hasCurrent(flags: number): Promise<boolean> {
      return hv('domainHasCurrentSnapshot', 'virDomainHasCurrentSnapshot')(dom.ref, flags);
    },
    async current(flags: number): Promise<DomainSnapshot> {
      return wrap(await hv('domainSnapshotCurrent', 'virDomainSnapshotCurrent')(dom.ref, flags));
    },
  };
}
