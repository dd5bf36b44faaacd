// virNetwork and virNetworkPort: virtual networks seen through a connection (libvirt-network.c).
// Errors of these entry points belong to VIR_FROM_NETWORK; modifying calls are refused on
// read-only connections before the driver is asked.
import type { NetworkDHCPLease, NetworkDriver } from '../driver/network.js';
import type { NetworkPortRef, NetworkRef } from '../driver/refs.js';
import type { TypedParam } from '../driver/types.js';
import { parseUuid } from '../conf/network/uuid.js';
import { ErrorDomain } from '../util/error.js';
import { checkNonNegative, checkNonNull, rawInvalidArg } from './arg-checks.js';
import { driverMethod } from './call.js';
import type { Connect } from './connect.js';

export const FROM_NETWORK = ErrorDomain.Network;

/** virConnectListAllNetworksFlags */
export const ListNetworksFlags = {
  INACTIVE: 1 << 0,
  ACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  AUTOSTART: 1 << 4,
  NO_AUTOSTART: 1 << 5,
} as const;

/** virNetworkXMLFlags */
export const NetworkXMLFlags = {
  INACTIVE: 1 << 0,
} as const;

/** virNetworkCreateFlags / virNetworkDefineFlags */
export const NetworkCreateFlags = { VALIDATE: 1 << 0 } as const;
export const NetworkDefineFlags = { VALIDATE: 1 << 0 } as const;

/** virNetworkUpdateCommand */
export const NetworkUpdateCommand = {
  NONE: 0,
  MODIFY: 1,
  DELETE: 2,
  ADD_LAST: 3,
  ADD_FIRST: 4,
} as const;

/** virNetworkUpdateSection */
export const NetworkUpdateSection = {
  NONE: 0,
  BRIDGE: 1,
  DOMAIN: 2,
  IP: 3,
  IP_DHCP_HOST: 4,
  IP_DHCP_RANGE: 5,
  FORWARD: 6,
  FORWARD_INTERFACE: 7,
  FORWARD_PF: 8,
  PORTGROUP: 9,
  DNS_HOST: 10,
  DNS_TXT: 11,
  DNS_SRV: 12,
} as const;

/** virNetworkUpdateFlags */
export const NetworkUpdateFlags = {
  AFFECT_CURRENT: 0,
  AFFECT_LIVE: 1 << 0,
  AFFECT_CONFIG: 1 << 1,
} as const;

/** virNetworkEventLifecycleType */
export const NetworkEventLifecycle = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  STOPPED: 3,
} as const;

/** virIPAddrType */
export const IPAddrType = { IPV4: 0, IPV6: 1 } as const;

/** virNetworkPortCreateFlags */
export const NetworkPortCreateFlags = { RECLAIM: 1 << 0, VALIDATE: 1 << 1 } as const;

type Method = Exclude<keyof NetworkDriver, 'name'>;

/** The network driver's method, or libvirt's "not supported" error naming `api`. */
export function netMethod<K extends Method>(conn: Connect, method: K, api: string) {
  return driverMethod(conn.drivers.network, method, api, FROM_NETWORK);
}

export class Network {
  readonly conn: Connect;
  readonly ref: NetworkRef;

  constructor(conn: Connect, ref: NetworkRef) {
    this.conn = conn;
    this.ref = ref;
  }

  /** virNetworkGetName */
  get name(): string {
    return this.ref.name;
  }
  /** virNetworkGetUUIDString */
  get uuid(): string {
    return this.ref.uuid;
  }

  #write(api: string): void {
    this.conn.checkWritable(api, FROM_NETWORK);
  }

  async getXMLDesc(flags = 0): Promise<string> {
    return netMethod(this.conn, 'networkGetXMLDesc', 'virNetworkGetXMLDesc')(this.ref, flags);
  }
  async getBridgeName(): Promise<string> {
    return netMethod(this.conn, 'networkGetBridgeName', 'virNetworkGetBridgeName')(this.ref);
  }
  async getAutostart(): Promise<boolean> {
    return netMethod(this.conn, 'networkGetAutostart', 'virNetworkGetAutostart')(this.ref);
  }
  async setAutostart(autostart: boolean): Promise<void> {
    this.#write('virNetworkSetAutostart');
    await netMethod(this.conn, 'networkSetAutostart', 'virNetworkSetAutostart')(this.ref, autostart);
  }
  async isActive(): Promise<boolean> {
    return netMethod(this.conn, 'networkIsActive', 'virNetworkIsActive')(this.ref);
  }
  async isPersistent(): Promise<boolean> {
    return netMethod(this.conn, 'networkIsPersistent', 'virNetworkIsPersistent')(this.ref);
  }
  /** virNetworkCreate: start a defined network. */
  async create(): Promise<void> {
    this.#write('virNetworkCreate');
    await netMethod(this.conn, 'networkCreate', 'virNetworkCreate')(this.ref);
  }
  async destroy(): Promise<void> {
    this.#write('virNetworkDestroy');
    await netMethod(this.conn, 'networkDestroy', 'virNetworkDestroy')(this.ref);
  }
  async undefine(): Promise<void> {
    this.#write('virNetworkUndefine');
    await netMethod(this.conn, 'networkUndefine', 'virNetworkUndefine')(this.ref);
  }
  /** virNetworkUpdate: one add/delete/modify of one section (NetworkUpdateCommand, NetworkUpdateSection). */
  async update(command: number, section: number, parentIndex: number, xml: string, flags = 0): Promise<void> {
    this.#write('virNetworkUpdate');
    checkNonNull(xml, 'xml', 'virNetworkUpdate', FROM_NETWORK);
    await netMethod(this.conn, 'networkUpdate', 'virNetworkUpdate')(this.ref, command, section, parentIndex, xml, flags);
  }
  async getDHCPLeases(mac: string | null = null, flags = 0): Promise<NetworkDHCPLease[]> {
    return netMethod(this.conn, 'networkGetDHCPLeases', 'virNetworkGetDHCPLeases')(this.ref, mac, flags);
  }
  async listAllPorts(flags = 0): Promise<NetworkPort[]> {
    const refs = await netMethod(this.conn, 'networkListAllPorts', 'virNetworkListAllPorts')(this.ref, flags);
    return refs.map((r) => new NetworkPort(this.conn, r));
  }
  async portLookupByUUIDString(uuidstr: string): Promise<NetworkPort> {
    const uuid = parseUuid(uuidstr);
    if (!uuid) throw rawInvalidArg('virNetworkPortLookupByUUIDString', 'uuidstr', 'uuidstr in virNetworkPortLookupByUUIDString must be a valid UUID', FROM_NETWORK);
    return new NetworkPort(this.conn, await netMethod(this.conn, 'networkPortLookupByUUID', 'virNetworkPortLookupByUUID')(this.ref, uuid));
  }
  async portCreateXML(xml: string, flags = 0): Promise<NetworkPort> {
    checkNonNull(xml, 'xmldesc', 'virNetworkPortCreateXML', FROM_NETWORK);
    this.#write('virNetworkPortCreateXML');
    return new NetworkPort(this.conn, await netMethod(this.conn, 'networkPortCreateXML', 'virNetworkPortCreateXML')(this.ref, xml, flags));
  }
}

export class NetworkPort {
  readonly conn: Connect;
  readonly ref: NetworkPortRef;

  constructor(conn: Connect, ref: NetworkPortRef) {
    this.conn = conn;
    this.ref = ref;
  }

  /** virNetworkPortGetUUIDString */
  get uuid(): string {
    return this.ref.uuid;
  }
  /** virNetworkPortGetNetwork */
  get network(): Network {
    return new Network(this.conn, this.ref.network);
  }

  async getXMLDesc(flags = 0): Promise<string> {
    return netMethod(this.conn, 'networkPortGetXMLDesc', 'virNetworkPortGetXMLDesc')(this.ref, flags);
  }
  async getParameters(flags = 0): Promise<TypedParam[]> {
    return netMethod(this.conn, 'networkPortGetParameters', 'virNetworkPortGetParameters')(this.ref, flags);
  }
  async setParameters(params: TypedParam[], flags = 0): Promise<void> {
    this.conn.checkWritable('virNetworkPortSetParameters', FROM_NETWORK);
    await netMethod(this.conn, 'networkPortSetParameters', 'virNetworkPortSetParameters')(this.ref, params, flags);
  }
  async delete(flags = 0): Promise<void> {
    this.conn.checkWritable('virNetworkPortDelete', FROM_NETWORK);
    await netMethod(this.conn, 'networkPortDelete', 'virNetworkPortDelete')(this.ref, flags);
  }
}

/** The connection-level network entry points; Connect delegates to these. */
export const networkApi = {
  async listAll(conn: Connect, flags: number): Promise<Network[]> {
    const refs = await netMethod(conn, 'connectListAllNetworks', 'virConnectListAllNetworks')(flags);
    return refs.map((r) => new Network(conn, r));
  },
  async numOfNetworks(conn: Connect): Promise<number> {
    return netMethod(conn, 'connectNumOfNetworks', 'virConnectNumOfNetworks')();
  },
  async listNetworks(conn: Connect, maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virConnectListNetworks', FROM_NETWORK);
    return netMethod(conn, 'connectListNetworks', 'virConnectListNetworks')(maxnames);
  },
  async numOfDefinedNetworks(conn: Connect): Promise<number> {
    return netMethod(conn, 'connectNumOfDefinedNetworks', 'virConnectNumOfDefinedNetworks')();
  },
  async listDefinedNetworks(conn: Connect, maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virConnectListDefinedNetworks', FROM_NETWORK);
    return netMethod(conn, 'connectListDefinedNetworks', 'virConnectListDefinedNetworks')(maxnames);
  },
  async lookupByName(conn: Connect, name: string): Promise<Network> {
    checkNonNull(name, 'name', 'virNetworkLookupByName', FROM_NETWORK);
    return new Network(conn, await netMethod(conn, 'networkLookupByName', 'virNetworkLookupByName')(name));
  },
  async lookupByUUID(conn: Connect, uuid: string): Promise<Network> {
    return new Network(conn, await netMethod(conn, 'networkLookupByUUID', 'virNetworkLookupByUUID')(uuid));
  },
  /** virNetworkLookupByUUIDString: any spelling virUUIDParse accepts. */
  async lookupByUUIDString(conn: Connect, uuidstr: string): Promise<Network> {
    const uuid = parseUuid(uuidstr);
    if (!uuid) throw rawInvalidArg('virNetworkLookupByUUIDString', 'uuidstr', 'uuidstr in virNetworkLookupByUUIDString must be a valid UUID', FROM_NETWORK);
    return networkApi.lookupByUUID(conn, uuid);
  },
  async createXML(conn: Connect, xml: string, flags: number): Promise<Network> {
    const api = flags ? 'virNetworkCreateXMLFlags' : 'virNetworkCreateXML';
    checkNonNull(xml, 'xmlDesc', api, FROM_NETWORK);
    conn.checkWritable(api, FROM_NETWORK);
    const ref = flags ? await netMethod(conn, 'networkCreateXMLFlags', api)(xml, flags) : await createLegacy(conn, xml);
    return new Network(conn, ref);
  },
  async defineXML(conn: Connect, xml: string, flags: number): Promise<Network> {
    const api = flags ? 'virNetworkDefineXMLFlags' : 'virNetworkDefineXML';
    conn.checkWritable(api, FROM_NETWORK);
    checkNonNull(xml, 'xml', api, FROM_NETWORK);
    const ref = flags ? await netMethod(conn, 'networkDefineXMLFlags', api)(xml, flags) : await defineLegacy(conn, xml);
    return new Network(conn, ref);
  },
};

async function createLegacy(conn: Connect, xml: string): Promise<NetworkRef> {
  return netMethod(conn, 'networkCreateXML', 'virNetworkCreateXML')(xml);
}

async function defineLegacy(conn: Connect, xml: string): Promise<NetworkRef> {
  return netMethod(conn, 'networkDefineXML', 'virNetworkDefineXML')(xml);
}
