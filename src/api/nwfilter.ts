// virNWFilter and virNWFilterBinding: network filters seen through a connection
// (libvirt-nwfilter.c). Errors belong to VIR_FROM_NWFILTER. The test driver has no filter driver,
// so every call there ends in libvirt's "not supported" error.
import type { NWFilterBindingRef, NWFilterDriver } from '../driver/nwfilter.js';
import type { NWFilterRef } from '../driver/refs.js';
import { ErrorDomain } from '../util/error.js';
import { checkNonNegative, rawInvalidArg } from './arg-checks.js';
import { driverMethod } from './call.js';
import type { Connect } from './connect.js';

export const FROM_NWFILTER = ErrorDomain.Nwfilter;

/** virNWFilterDefineFlags / virNWFilterBindingCreateFlags */
export const NWFilterDefineFlags = {
  VALIDATE: 1 << 0,
} as const;

type Method = Exclude<keyof NWFilterDriver, 'name'>;

export function nwfilterMethod<K extends Method>(conn: Connect, method: K, api: string) {
  return driverMethod(conn.drivers.nwfilter, method, api, FROM_NWFILTER);
}

export class NWFilter {
  readonly conn: Connect;
  readonly ref: NWFilterRef;

  constructor(conn: Connect, ref: NWFilterRef) {
    this.conn = conn;
    this.ref = ref;
  }

  get name(): string {
    return this.ref.name;
  }
  get uuid(): string {
    return this.ref.uuid;
  }

  async getXMLDesc(flags = 0): Promise<string> {
    return nwfilterMethod(this.conn, 'nwfilterGetXMLDesc', 'virNWFilterGetXMLDesc')(this.ref, flags);
  }
  async undefine(): Promise<void> {
    this.conn.checkWritable('virNWFilterUndefine', FROM_NWFILTER);
    await nwfilterMethod(this.conn, 'nwfilterUndefine', 'virNWFilterUndefine')(this.ref);
  }
}

export class NWFilterBinding {
  readonly conn: Connect;
  readonly ref: NWFilterBindingRef;

  constructor(conn: Connect, ref: NWFilterBindingRef) {
    this.conn = conn;
    this.ref = ref;
  }

  get portDev(): string {
    return this.ref.portdev;
  }
  get filterName(): string {
    return this.ref.filtername;
  }

  async getXMLDesc(flags = 0): Promise<string> {
    return nwfilterMethod(this.conn, 'nwfilterBindingGetXMLDesc', 'virNWFilterBindingGetXMLDesc')(this.ref, flags);
  }
  async delete(): Promise<void> {
    this.conn.checkWritable('virNWFilterBindingDelete', FROM_NWFILTER);
    await nwfilterMethod(this.conn, 'nwfilterBindingDelete', 'virNWFilterBindingDelete')(this.ref);
  }
}

function canonicalUuid(s: string): string | undefined {
  const hex = s.trim().replace(/[- ]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The connection-level filter entry points; Connect delegates to these. */
export const nwfilterApi = {
  async numOfFilters(conn: Connect): Promise<number> {
    return nwfilterMethod(conn, 'connectNumOfNWFilters', 'virConnectNumOfNWFilters')();
  },
  async listFilters(conn: Connect, maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virConnectListNWFilters', FROM_NWFILTER);
    return nwfilterMethod(conn, 'connectListNWFilters', 'virConnectListNWFilters')(maxnames);
  },
  async listAll(conn: Connect, flags: number): Promise<NWFilter[]> {
    const refs = await nwfilterMethod(conn, 'connectListAllNWFilters', 'virConnectListAllNWFilters')(flags);
    return refs.map((r) => new NWFilter(conn, r));
  },
  async lookupByName(conn: Connect, name: string): Promise<NWFilter> {
    return new NWFilter(conn, await nwfilterMethod(conn, 'nwfilterLookupByName', 'virNWFilterLookupByName')(name));
  },
  async lookupByUUIDString(conn: Connect, uuidstr: string): Promise<NWFilter> {
    const uuid = canonicalUuid(uuidstr);
    if (uuid === undefined) {
      throw rawInvalidArg('virNWFilterLookupByUUIDString', 'uuidstr', 'uuidstr in virNWFilterLookupByUUIDString must be a valid UUID', FROM_NWFILTER);
    }
    return new NWFilter(conn, await nwfilterMethod(conn, 'nwfilterLookupByUUID', 'virNWFilterLookupByUUID')(uuid));
  },
  /** virNWFilterDefineXML, or virNWFilterDefineXMLFlags when flags are given. */
  async defineXML(conn: Connect, xml: string, flags = 0): Promise<NWFilter> {
    const api = flags ? 'virNWFilterDefineXMLFlags' : 'virNWFilterDefineXML';
    conn.checkWritable(api, FROM_NWFILTER);
    if (flags) return new NWFilter(conn, await nwfilterMethod(conn, 'nwfilterDefineXMLFlags', api)(xml, flags));
    return new NWFilter(conn, await nwfilterMethod(conn, 'nwfilterDefineXML', api)(xml));
  },
  async listAllBindings(conn: Connect, flags: number): Promise<NWFilterBinding[]> {
    const refs = await nwfilterMethod(conn, 'connectListAllNWFilterBindings', 'virConnectListAllNWFilterBindings')(flags);
    return refs.map((r) => new NWFilterBinding(conn, r));
  },
  async bindingLookupByPortDev(conn: Connect, portdev: string): Promise<NWFilterBinding> {
    const ref = await nwfilterMethod(conn, 'nwfilterBindingLookupByPortDev', 'virNWFilterBindingLookupByPortDev')(portdev);
    return new NWFilterBinding(conn, ref);
  },
  async bindingCreateXML(conn: Connect, xml: string, flags: number): Promise<NWFilterBinding> {
    conn.checkWritable('virNWFilterBindingCreateXML', FROM_NWFILTER);
    const ref = await nwfilterMethod(conn, 'nwfilterBindingCreateXML', 'virNWFilterBindingCreateXML')(xml, flags);
    return new NWFilterBinding(conn, ref);
  },
};
