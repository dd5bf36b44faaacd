// virNodeDevice: one host device seen through a connection (libvirt-nodedev.c). Errors of these
// entry points belong to VIR_FROM_NODEDEV. Detach, re-attach and reset go to the hypervisor driver,
// as in libvirt, since they prepare a device for a guest.
import type { NodeDeviceDriver } from '../driver/node-device.js';
import type { NodeDeviceRef } from '../driver/refs.js';
import { ErrorDomain } from '../util/error.js';
import { checkNonNegative } from './arg-checks.js';
import { driverMethod } from './call.js';
import type { Connect } from './connect.js';

export const FROM_NODEDEV = ErrorDomain.Nodedev;

/** virConnectListAllNodeDevicesFlags (ACTIVE is bit 31, kept unsigned). */
export const ListNodeDevicesFlags = {
  CAP_SYSTEM: 1 << 0,
  CAP_PCI_DEV: 1 << 1,
  CAP_USB_DEV: 1 << 2,
  CAP_USB_INTERFACE: 1 << 3,
  CAP_NET: 1 << 4,
  CAP_SCSI_HOST: 1 << 5,
  CAP_SCSI_TARGET: 1 << 6,
  CAP_SCSI: 1 << 7,
  CAP_STORAGE: 1 << 8,
  CAP_FC_HOST: 1 << 9,
  CAP_VPORTS: 1 << 10,
  CAP_SCSI_GENERIC: 1 << 11,
  CAP_DRM: 1 << 12,
  CAP_MDEV_TYPES: 1 << 13,
  CAP_MDEV: 1 << 14,
  CAP_CCW_DEV: 1 << 15,
  CAP_CSS_DEV: 1 << 16,
  CAP_VDPA: 1 << 17,
  CAP_AP_CARD: 1 << 18,
  CAP_AP_QUEUE: 1 << 19,
  CAP_AP_MATRIX: 1 << 20,
  CAP_VPD: 1 << 21,
  INACTIVE: 1 << 30,
  ACTIVE: 0x80000000,
} as const;

/** virNodeDeviceCreateXMLFlags / virNodeDeviceDefineXMLFlags */
export const NodeDeviceXMLFlags = {
  VALIDATE: 1 << 0,
} as const;

/** virNodeDeviceEventID */
export const NodeDeviceEventID = {
  LIFECYCLE: 0,
  UPDATE: 1,
} as const;

type Method = Exclude<keyof NodeDeviceDriver, 'name'>;

export function nodedevMethod<K extends Method>(conn: Connect, method: K, api: string) {
  return driverMethod(conn.drivers.nodeDevice, method, api, FROM_NODEDEV);
}

export class NodeDevice {
  readonly conn: Connect;
  readonly ref: NodeDeviceRef;
  /** libvirt's parentName cache: filled by the lookup when the driver knew it, else on first ask. */
  #parent: string | null;

  constructor(conn: Connect, ref: NodeDeviceRef) {
    this.conn = conn;
    this.ref = ref;
    this.#parent = ref.parent ?? null;
  }

  /** virNodeDeviceGetName */
  get name(): string {
    return this.ref.name;
  }

  /** virNodeDeviceGetParent: the parent's name; drivers report an error for a device without one. */
  /** virNodeDeviceGetParent: null for a device without a parent. */
  async getParent(): Promise<string | null> {
    if (this.#parent !== null) return this.#parent;
    this.#parent = await nodedevMethod(this.conn, 'nodeDeviceGetParent', 'virNodeDeviceGetParent')(this.ref);
    return this.#parent;
  }
  async getXMLDesc(flags = 0): Promise<string> {
    return nodedevMethod(this.conn, 'nodeDeviceGetXMLDesc', 'virNodeDeviceGetXMLDesc')(this.ref, flags);
  }
  async numOfCaps(): Promise<number> {
    return nodedevMethod(this.conn, 'nodeDeviceNumOfCaps', 'virNodeDeviceNumOfCaps')(this.ref);
  }
  async listCaps(maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virNodeDeviceListCaps', FROM_NODEDEV);
    return nodedevMethod(this.conn, 'nodeDeviceListCaps', 'virNodeDeviceListCaps')(this.ref, maxnames);
  }
  async isActive(): Promise<boolean> {
    return nodedevMethod(this.conn, 'nodeDeviceIsActive', 'virNodeDeviceIsActive')(this.ref);
  }
  async isPersistent(): Promise<boolean> {
    return nodedevMethod(this.conn, 'nodeDeviceIsPersistent', 'virNodeDeviceIsPersistent')(this.ref);
  }
  /** virNodeDeviceGetAutostart (libvirt refuses it on read-only connections too). */
  async getAutostart(): Promise<boolean> {
    this.conn.checkWritable('virNodeDeviceGetAutostart', FROM_NODEDEV);
    return nodedevMethod(this.conn, 'nodeDeviceGetAutostart', 'virNodeDeviceGetAutostart')(this.ref);
  }
  async setAutostart(autostart: boolean): Promise<void> {
    this.conn.checkWritable('virNodeDeviceSetAutostart', FROM_NODEDEV);
    await nodedevMethod(this.conn, 'nodeDeviceSetAutostart', 'virNodeDeviceSetAutostart')(this.ref, autostart);
  }
  async destroy(): Promise<void> {
    this.conn.checkWritable('virNodeDeviceDestroy', FROM_NODEDEV);
    await nodedevMethod(this.conn, 'nodeDeviceDestroy', 'virNodeDeviceDestroy')(this.ref);
  }
  async undefine(flags = 0): Promise<void> {
    this.conn.checkWritable('virNodeDeviceUndefine', FROM_NODEDEV);
    await nodedevMethod(this.conn, 'nodeDeviceUndefine', 'virNodeDeviceUndefine')(this.ref, flags);
  }
  /** virNodeDeviceCreate: start a defined device. */
  async create(flags = 0): Promise<void> {
    this.conn.checkWritable('virNodeDeviceCreate', FROM_NODEDEV);
    await nodedevMethod(this.conn, 'nodeDeviceCreate', 'virNodeDeviceCreate')(this.ref, flags);
  }
  /** virNodeDeviceDettach (libvirt's historical spelling). */
  async dettach(): Promise<void> {
    this.conn.checkWritable('virNodeDeviceDettach', FROM_NODEDEV);
    await this.conn.hv('nodeDeviceDettach', 'virNodeDeviceDettach', FROM_NODEDEV)(this.ref);
  }
  async detachFlags(driverName: string | null, flags = 0): Promise<void> {
    this.conn.checkWritable('virNodeDeviceDetachFlags', FROM_NODEDEV);
    await this.conn.hv('nodeDeviceDetachFlags', 'virNodeDeviceDetachFlags', FROM_NODEDEV)(this.ref, driverName, flags);
  }
  async reAttach(): Promise<void> {
    this.conn.checkWritable('virNodeDeviceReAttach', FROM_NODEDEV);
    await this.conn.hv('nodeDeviceReAttach', 'virNodeDeviceReAttach', FROM_NODEDEV)(this.ref);
  }
  async reset(): Promise<void> {
    this.conn.checkWritable('virNodeDeviceReset', FROM_NODEDEV);
    await this.conn.hv('nodeDeviceReset', 'virNodeDeviceReset', FROM_NODEDEV)(this.ref);
  }
}

/** The connection-level node device entry points; Connect delegates to these. */
export const nodeDeviceApi = {
  async numOfDevices(conn: Connect, cap: string | null, flags: number): Promise<number> {
    return nodedevMethod(conn, 'nodeNumOfDevices', 'virNodeNumOfDevices')(cap, flags);
  },
  async listDevices(conn: Connect, cap: string | null, maxnames: number, flags: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virNodeListDevices', FROM_NODEDEV);
    return nodedevMethod(conn, 'nodeListDevices', 'virNodeListDevices')(cap, maxnames, flags);
  },
  async listAll(conn: Connect, flags: number): Promise<NodeDevice[]> {
    const refs = await nodedevMethod(conn, 'connectListAllNodeDevices', 'virConnectListAllNodeDevices')(flags);
    return refs.map((r) => new NodeDevice(conn, r));
  },
  async lookupByName(conn: Connect, name: string): Promise<NodeDevice> {
    return new NodeDevice(conn, await nodedevMethod(conn, 'nodeDeviceLookupByName', 'virNodeDeviceLookupByName')(name));
  },
  async lookupSCSIHostByWWN(conn: Connect, wwnn: string, wwpn: string, flags: number): Promise<NodeDevice> {
    const ref = await nodedevMethod(conn, 'nodeDeviceLookupSCSIHostByWWN', 'virNodeDeviceLookupSCSIHostByWWN')(wwnn, wwpn, flags);
    return new NodeDevice(conn, ref);
  },
  async createXML(conn: Connect, xml: string, flags: number): Promise<NodeDevice> {
    conn.checkWritable('virNodeDeviceCreateXML', FROM_NODEDEV);
    return new NodeDevice(conn, await nodedevMethod(conn, 'nodeDeviceCreateXML', 'virNodeDeviceCreateXML')(xml, flags));
  },
  /** virConnectNodeDeviceEventRegisterAny: returns the callback id. */
  async eventRegisterAny(conn: Connect, dev: NodeDevice | null, eventID: number, cb: (dev: NodeDevice, ...args: number[]) => void): Promise<number> {
    checkNonNegative(eventID, 'eventID', 'virConnectNodeDeviceEventRegisterAny', FROM_NODEDEV);
    const register = nodedevMethod(conn, 'connectNodeDeviceEventRegisterAny', 'virConnectNodeDeviceEventRegisterAny');
    return register(dev?.ref ?? null, eventID, (ref, ...args) => cb(new NodeDevice(conn, ref), ...args));
  },
  async eventDeregisterAny(conn: Connect, callbackID: number): Promise<void> {
    checkNonNegative(callbackID, 'callbackID', 'virConnectNodeDeviceEventDeregisterAny', FROM_NODEDEV);
    await nodedevMethod(conn, 'connectNodeDeviceEventDeregisterAny', 'virConnectNodeDeviceEventDeregisterAny')(callbackID);
  },
  async defineXML(conn: Connect, xml: string, flags: number): Promise<NodeDevice> {
    conn.checkWritable('virNodeDeviceDefineXML', FROM_NODEDEV);
    return new NodeDevice(conn, await nodedevMethod(conn, 'nodeDeviceDefineXML', 'virNodeDeviceDefineXML')(xml, flags));
  },
};
