// libvirt's virInterfaceDriver (src/driver-interface.h). Conventions: see hypervisor.ts.
import type { InterfaceRef } from './refs.js';

export interface InterfaceDriver {
  readonly name: string;
  connectNumOfInterfaces?(): Promise<number>;
  connectListInterfaces?(maxnames: number): Promise<string[]>;
  connectNumOfDefinedInterfaces?(): Promise<number>;
  connectListDefinedInterfaces?(maxnames: number): Promise<string[]>;
  connectListAllInterfaces?(flags: number): Promise<InterfaceRef[]>;
  interfaceLookupByName?(name: string): Promise<InterfaceRef>;
  interfaceLookupByMACString?(mac: string): Promise<InterfaceRef>;
  interfaceGetXMLDesc?(iface: InterfaceRef, flags: number): Promise<string>;
  interfaceDefineXML?(xml: string, flags: number): Promise<InterfaceRef>;
  interfaceUndefine?(iface: InterfaceRef): Promise<void>;
  interfaceCreate?(iface: InterfaceRef, flags: number): Promise<void>;
  interfaceDestroy?(iface: InterfaceRef, flags: number): Promise<void>;
  interfaceIsActive?(iface: InterfaceRef): Promise<boolean>;
  interfaceChangeBegin?(flags: number): Promise<void>;
  interfaceChangeCommit?(flags: number): Promise<void>;
  interfaceChangeRollback?(flags: number): Promise<void>;
}
