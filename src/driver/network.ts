// libvirt's virNetworkDriver (src/driver-network.h). Conventions: see hypervisor.ts.
import type { NetworkPortRef, NetworkRef } from './refs.js';
import type { TypedParam } from './types.js';
import type { ObjectEventCallback } from './events.js'; // events area

/** virNetworkDHCPLease */
export interface NetworkDHCPLease {
  iface: string;
  /** Seconds since the epoch. */
  expirytime: bigint;
  /** virIPAddrType: 0 = IPv4, 1 = IPv6 */
  type: number;
  mac: string | null;
  iaid: string | null;
  ipaddr: string;
  prefix: number;
  hostname: string | null;
  clientid: string | null;
}

export interface NetworkDriver {
  readonly name: string;
  connectNumOfNetworks?(): Promise<number>;
  connectListNetworks?(maxnames: number): Promise<string[]>;
  connectNumOfDefinedNetworks?(): Promise<number>;
  connectListDefinedNetworks?(maxnames: number): Promise<string[]>;
  connectListAllNetworks?(flags: number): Promise<NetworkRef[]>;
  networkLookupByUUID?(uuid: string): Promise<NetworkRef>;
  networkLookupByName?(name: string): Promise<NetworkRef>;
  networkCreateXML?(xml: string): Promise<NetworkRef>;
  networkCreateXMLFlags?(xml: string, flags: number): Promise<NetworkRef>;
  networkDefineXML?(xml: string): Promise<NetworkRef>;
  networkDefineXMLFlags?(xml: string, flags: number): Promise<NetworkRef>;
  networkUndefine?(net: NetworkRef): Promise<void>;
  networkUpdate?(net: NetworkRef, command: number, section: number, parentIndex: number, xml: string, flags: number): Promise<void>;
  networkCreate?(net: NetworkRef): Promise<void>;
  networkDestroy?(net: NetworkRef): Promise<void>;
  networkGetXMLDesc?(net: NetworkRef, flags: number): Promise<string>;
  networkGetBridgeName?(net: NetworkRef): Promise<string>;
  networkGetAutostart?(net: NetworkRef): Promise<boolean>;
  networkSetAutostart?(net: NetworkRef, autostart: boolean): Promise<void>;
  networkIsActive?(net: NetworkRef): Promise<boolean>;
  networkIsPersistent?(net: NetworkRef): Promise<boolean>;
  networkGetDHCPLeases?(net: NetworkRef, mac: string | null, flags: number): Promise<NetworkDHCPLease[]>;
  networkPortLookupByUUID?(net: NetworkRef, uuid: string): Promise<NetworkPortRef>;
  networkPortCreateXML?(net: NetworkRef, xml: string, flags: number): Promise<NetworkPortRef>;
  networkPortGetXMLDesc?(port: NetworkPortRef, flags: number): Promise<string>;
  networkPortSetParameters?(port: NetworkPortRef, params: TypedParam[], flags: number): Promise<void>;
  networkPortGetParameters?(port: NetworkPortRef, flags: number): Promise<TypedParam[]>;
  networkPortDelete?(port: NetworkPortRef, flags: number): Promise<void>;
  networkListAllPorts?(net: NetworkRef, flags: number): Promise<NetworkPortRef[]>;
  // (events area) a callback gets the event as the driver's bus carries it (events.ts)
  connectNetworkEventRegisterAny?(net: NetworkRef | null, eventID: number, cb: ObjectEventCallback): Promise<number>;
  connectNetworkEventDeregisterAny?(callbackID: number): Promise<void>;
}
