// libvirt's virNodeDeviceDriver (src/driver-nodedev.h). Conventions: see hypervisor.ts.
import type { NodeDeviceRef } from './refs.js';

export interface NodeDeviceDriver {
  readonly name: string;
  nodeNumOfDevices?(cap: string | null, flags: number): Promise<number>;
  nodeListDevices?(cap: string | null, maxnames: number, flags: number): Promise<string[]>;
  connectListAllNodeDevices?(flags: number): Promise<NodeDeviceRef[]>;
  nodeDeviceLookupByName?(name: string): Promise<NodeDeviceRef>;
  nodeDeviceGetXMLDesc?(dev: NodeDeviceRef, flags: number): Promise<string>;
  nodeDeviceGetParent?(dev: NodeDeviceRef): Promise<string | null>;
}
