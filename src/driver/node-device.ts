// libvirt's virNodeDeviceDriver (src/driver-nodedev.h). Conventions: see hypervisor.ts.
// Detach, re-attach and reset belong to the hypervisor driver in libvirt (they act for guests),
// so they are declared in hypervisor.ts, not here.
import type { NodeDeviceRef } from './refs.js';

/** A node device event callback (lifecycle: event and detail; update: no arguments). */
export type NodeDeviceEventCallback = (dev: NodeDeviceRef, ...args: number[]) => void;

export interface NodeDeviceDriver {
  readonly name: string;
  nodeNumOfDevices?(cap: string | null, flags: number): Promise<number>;
  nodeListDevices?(cap: string | null, maxnames: number, flags: number): Promise<string[]>;
  connectListAllNodeDevices?(flags: number): Promise<NodeDeviceRef[]>;
  connectNodeDeviceEventRegisterAny?(dev: NodeDeviceRef | null, eventID: number, cb: NodeDeviceEventCallback): Promise<number>;
  connectNodeDeviceEventDeregisterAny?(callbackID: number): Promise<void>;
  /** The ref may carry the parent's name, which the API then keeps (libvirt's parentName cache). */
  nodeDeviceLookupByName?(name: string): Promise<NodeDeviceRef>;
  nodeDeviceLookupSCSIHostByWWN?(wwnn: string, wwpn: string, flags: number): Promise<NodeDeviceRef>;
  nodeDeviceGetXMLDesc?(dev: NodeDeviceRef, flags: number): Promise<string>;
  nodeDeviceGetParent?(dev: NodeDeviceRef): Promise<string>;
  nodeDeviceNumOfCaps?(dev: NodeDeviceRef): Promise<number>;
  nodeDeviceListCaps?(dev: NodeDeviceRef, maxnames: number): Promise<string[]>;
  nodeDeviceCreateXML?(xml: string, flags: number): Promise<NodeDeviceRef>;
  nodeDeviceDestroy?(dev: NodeDeviceRef): Promise<void>;
  nodeDeviceDefineXML?(xml: string, flags: number): Promise<NodeDeviceRef>;
  nodeDeviceUndefine?(dev: NodeDeviceRef, flags: number): Promise<void>;
  nodeDeviceCreate?(dev: NodeDeviceRef, flags: number): Promise<void>;
  nodeDeviceSetAutostart?(dev: NodeDeviceRef, autostart: boolean): Promise<void>;
  nodeDeviceGetAutostart?(dev: NodeDeviceRef): Promise<boolean>;
  nodeDeviceIsPersistent?(dev: NodeDeviceRef): Promise<boolean>;
  nodeDeviceIsActive?(dev: NodeDeviceRef): Promise<boolean>;
}
