// virDomainCheckpoint: one checkpoint of a domain (libvirt-domain-checkpoint.c). The domain-level
// entry points (create, list, lookup) are on Domain and come here through checkpointApi().
import type { DomainCheckpointRef } from '../driver/refs.js';
import { ErrorDomain } from '../util/error.js';
import { invokeDriver } from './invoke.js';
import type { Domain } from './domain.js';

const FROM = ErrorDomain.DomainCheckpoint;

/** virDomainCheckpointCreateFlags */
export const CheckpointCreateFlags = {
  REDEFINE: 1 << 0,
  QUIESCE: 1 << 1,
  REDEFINE_VALIDATE: 1 << 2,
} as const;

/** virDomainCheckpointXMLFlags */
export const CheckpointXMLFlags = {
  SECURE: 1 << 0,
  NO_DOMAIN: 1 << 1,
  SIZE: 1 << 2,
} as const;

/** virDomainCheckpointListFlags (ROOTS and DESCENDANTS share a bit: roots for a domain, all descendants for a checkpoint). */
export const CheckpointListFlags = {
  ROOTS: 1 << 0,
  DESCENDANTS: 1 << 0,
  TOPOLOGICAL: 1 << 1,
  LEAVES: 1 << 2,
  NO_LEAVES: 1 << 3,
} as const;

/** virDomainCheckpointDeleteFlags */
export const CheckpointDeleteFlags = {
  CHILDREN: 1 << 0,
  METADATA_ONLY: 1 << 1,
  CHILDREN_ONLY: 1 << 2,
} as const;

/** Flag names of the entry points' checks (entry-checks.ts). */
export const CREATE_NAMES = {
  VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE: CheckpointCreateFlags.REDEFINE,
  VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE: CheckpointCreateFlags.QUIESCE,
  VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE: CheckpointCreateFlags.REDEFINE_VALIDATE,
};
export const DELETE_NAMES = {
  VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN: CheckpointDeleteFlags.CHILDREN,
  VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY: CheckpointDeleteFlags.CHILDREN_ONLY,
};

export class DomainCheckpoint {
  readonly domain: Domain;
  readonly ref: DomainCheckpointRef;

  constructor(domain: Domain, ref: DomainCheckpointRef) {
    this.domain = domain;
    this.ref = ref;
  }

  /** virDomainCheckpointGetName */
  get name(): string {
    return this.ref.name;
  }

  #hv<K extends Parameters<Domain['conn']['hv']>[0]>(method: K, api: string) {
    return this.domain.conn.hv(method, api, FROM);
  }

  /** virDomainCheckpointGetXMLDesc: secrets only for read-write connections. */
  async getXMLDesc(flags = 0): Promise<string> {
    return invokeDriver(this.domain.conn, 'hypervisor', 'domainCheckpointGetXMLDesc', 'virDomainCheckpointGetXMLDesc', [this.ref, flags]) as Promise<string>;
  }
  /** virDomainCheckpointListAllChildren */
  async listAllChildren(flags = 0): Promise<DomainCheckpoint[]> {
    const refs = await this.#hv('domainCheckpointListAllChildren', 'virDomainCheckpointListAllChildren')(this.ref, flags);
    return refs.map((r) => new DomainCheckpoint(this.domain, r));
  }
  /** virDomainCheckpointGetParent */
  async getParent(flags = 0): Promise<DomainCheckpoint> {
    return new DomainCheckpoint(this.domain, await this.#hv('domainCheckpointGetParent', 'virDomainCheckpointGetParent')(this.ref, flags));
  }
  /** virDomainCheckpointDelete */
  async delete(flags = 0): Promise<void> {
    await invokeDriver(this.domain.conn, 'hypervisor', 'domainCheckpointDelete', 'virDomainCheckpointDelete', [this.ref, flags]);
  }
}

/** The domain-level checkpoint entry points, kept here so that domain.ts only forwards to them. */
export function checkpointApi(dom: Domain) {
  const hv = <K extends Parameters<Domain['conn']['hv']>[0]>(method: K, api: string) => dom.conn.hv(method, api, FROM);
  const wrap = (ref: DomainCheckpointRef) => new DomainCheckpoint(dom, ref);
  return {
    async createXML(xml: string, flags: number): Promise<DomainCheckpoint> {
      const ref = await invokeDriver(dom.conn, 'hypervisor', 'domainCheckpointCreateXML', 'virDomainCheckpointCreateXML', [dom.ref, xml, flags]);
      return wrap(ref as DomainCheckpointRef);
    },
    async listAll(flags: number): Promise<DomainCheckpoint[]> {
      return (await hv('domainListAllCheckpoints', 'virDomainListAllCheckpoints')(dom.ref, flags)).map(wrap);
    },
    async lookupByName(name: string, flags: number): Promise<DomainCheckpoint> {
      return wrap(await hv('domainCheckpointLookupByName', 'virDomainCheckpointLookupByName')(dom.ref, name, flags));
    },
  };
}
