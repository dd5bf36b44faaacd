// virInterface: one host interface seen through a connection (libvirt-interface.c). Errors of these
// entry points belong to VIR_FROM_INTERFACE; modifying calls are refused on read-only connections.
import type { InterfaceDriver } from '../driver/interface.js';
import type { InterfaceRef } from '../driver/refs.js';
import { ErrorDomain } from '../util/error.js';
import { checkNonNegative } from './arg-checks.js';
import { driverMethod } from './call.js';
import type { Connect } from './connect.js';

export const FROM_INTERFACE = ErrorDomain.Interface;

/** virConnectListAllInterfacesFlags */
export const ListInterfacesFlags = {
  INACTIVE: 1 << 0,
  ACTIVE: 1 << 1,
} as const;

/** virInterfaceXMLFlags */
export const InterfaceXMLFlags = {
  INACTIVE: 1 << 0,
} as const;

/** virInterfaceDefineFlags */
export const InterfaceDefineFlags = {
  VALIDATE: 1 << 0,
} as const;

type Method = Exclude<keyof InterfaceDriver, 'name'>;

/** The interface driver's method, or libvirt's "not supported" error naming `api`. */
export function ifaceMethod<K extends Method>(conn: Connect, method: K, api: string) {
  return driverMethod(conn.drivers.interface, method, api, FROM_INTERFACE);
}

export class Interface {
  readonly conn: Connect;
  readonly ref: InterfaceRef;

  constructor(conn: Connect, ref: InterfaceRef) {
    this.conn = conn;
    this.ref = ref;
  }

  /** virInterfaceGetName */
  get name(): string {
    return this.ref.name;
  }
  /** virInterfaceGetMACString: as the lookup returned it ('' when the interface has none). */
  get mac(): string {
    return this.ref.mac;
  }

  async getXMLDesc(flags = 0): Promise<string> {
    return ifaceMethod(this.conn, 'interfaceGetXMLDesc', 'virInterfaceGetXMLDesc')(this.ref, flags);
  }
  async isActive(): Promise<boolean> {
    return ifaceMethod(this.conn, 'interfaceIsActive', 'virInterfaceIsActive')(this.ref);
  }
  async undefine(): Promise<void> {
    this.conn.checkWritable('virInterfaceUndefine', FROM_INTERFACE);
    await ifaceMethod(this.conn, 'interfaceUndefine', 'virInterfaceUndefine')(this.ref);
  }
  /** virInterfaceCreate: bring the interface up. */
  async create(flags = 0): Promise<void> {
    this.conn.checkWritable('virInterfaceCreate', FROM_INTERFACE);
    await ifaceMethod(this.conn, 'interfaceCreate', 'virInterfaceCreate')(this.ref, flags);
  }
  /** virInterfaceDestroy: take the interface down. */
  async destroy(flags = 0): Promise<void> {
    this.conn.checkWritable('virInterfaceDestroy', FROM_INTERFACE);
    await ifaceMethod(this.conn, 'interfaceDestroy', 'virInterfaceDestroy')(this.ref, flags);
  }
}

/** The connection-level interface entry points; Connect delegates to these. */
export const interfaceApi = {
  async numOfInterfaces(conn: Connect): Promise<number> {
    return ifaceMethod(conn, 'connectNumOfInterfaces', 'virConnectNumOfInterfaces')();
  },
  async listInterfaces(conn: Connect, maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virConnectListInterfaces', FROM_INTERFACE);
    return ifaceMethod(conn, 'connectListInterfaces', 'virConnectListInterfaces')(maxnames);
  },
  async numOfDefinedInterfaces(conn: Connect): Promise<number> {
    return ifaceMethod(conn, 'connectNumOfDefinedInterfaces', 'virConnectNumOfDefinedInterfaces')();
  },
  async listDefinedInterfaces(conn: Connect, maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virConnectListDefinedInterfaces', FROM_INTERFACE);
    return ifaceMethod(conn, 'connectListDefinedInterfaces', 'virConnectListDefinedInterfaces')(maxnames);
  },
  async listAll(conn: Connect, flags: number): Promise<Interface[]> {
    const refs = await ifaceMethod(conn, 'connectListAllInterfaces', 'virConnectListAllInterfaces')(flags);
    return refs.map((r) => new Interface(conn, r));
  },
  async lookupByName(conn: Connect, name: string): Promise<Interface> {
    return new Interface(conn, await ifaceMethod(conn, 'interfaceLookupByName', 'virInterfaceLookupByName')(name));
  },
  async lookupByMACString(conn: Connect, mac: string): Promise<Interface> {
    return new Interface(conn, await ifaceMethod(conn, 'interfaceLookupByMACString', 'virInterfaceLookupByMACString')(mac));
  },
  async defineXML(conn: Connect, xml: string, flags: number): Promise<Interface> {
    conn.checkWritable('virInterfaceDefineXML', FROM_INTERFACE);
    return new Interface(conn, await ifaceMethod(conn, 'interfaceDefineXML', 'virInterfaceDefineXML')(xml, flags));
  },
  async changeBegin(conn: Connect, flags: number): Promise<void> {
    conn.checkWritable('virInterfaceChangeBegin', FROM_INTERFACE);
    await ifaceMethod(conn, 'interfaceChangeBegin', 'virInterfaceChangeBegin')(flags);
  },
  async changeCommit(conn: Connect, flags: number): Promise<void> {
    conn.checkWritable('virInterfaceChangeCommit', FROM_INTERFACE);
    await ifaceMethod(conn, 'interfaceChangeCommit', 'virInterfaceChangeCommit')(flags);
  },
  async changeRollback(conn: Connect, flags: number): Promise<void> {
    conn.checkWritable('virInterfaceChangeRollback', FROM_INTERFACE);
    await ifaceMethod(conn, 'interfaceChangeRollback', 'virInterfaceChangeRollback')(flags);
  },
};
