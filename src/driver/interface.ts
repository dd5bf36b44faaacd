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
  interfaceIsActive?(iface: InterfaceRef): Promise<boolean>;
}
