// libvirt's virNetworkDriver (src/driver-network.h). Conventions: see hypervisor.ts.
import type { NetworkRef } from './refs.js';

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
  networkDefineXML?(xml: string): Promise<NetworkRef>;
  networkUndefine?(net: NetworkRef): Promise<void>;
  networkCreate?(net: NetworkRef): Promise<void>;
  networkDestroy?(net: NetworkRef): Promise<void>;
  networkGetXMLDesc?(net: NetworkRef, flags: number): Promise<string>;
  networkGetBridgeName?(net: NetworkRef): Promise<string>;
  networkGetAutostart?(net: NetworkRef): Promise<boolean>;
  networkSetAutostart?(net: NetworkRef, autostart: boolean): Promise<void>;
  networkIsActive?(net: NetworkRef): Promise<boolean>;
  networkIsPersistent?(net: NetworkRef): Promise<boolean>;
}
