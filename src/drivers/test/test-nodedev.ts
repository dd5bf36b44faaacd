// Test driver: the nodedev area. Its objects live in NodeDeviceStore; nodedevPart() is its share of the
// driver tables; the loaders fill it from test:///default's built-in data or from a custom file.
// Creating a device mocks a vHBA: it copies scsi_host11 under the name scsi_host12, as libvirt's
// test driver does, since there is no sysfs to create one in.
import type { NodeDeviceDriver, NodeDeviceEventCallback } from '../../driver/node-device.js';
import type { NodeDeviceRef } from '../../driver/refs.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import { children } from '../../conf/xml/read.js';
import {
  NodeDevCapTypes,
  deviceWwns,
  hasCap,
  parseNodeDevice,
  parseNodeDeviceXml,
  formatNodeDevice,
  type NodeDevCap,
  type NodeDevCapType,
  type NodeDeviceDef,
} from '../../conf/node-device-conf.js';
import { ErrorCode, ErrorDomain, VirError, checkFlags, errorsFrom } from '../../util/error.js';
import { resolveFileRef } from './custom-config.js';
import type { TestState } from './test-state.js';

const report = errorsFrom(ErrorDomain.Test);
const reportNodedev = errorsFrom(ErrorDomain.Nodedev);

/** virConnectListAllNodeDevicesFlags: one bit per capability kind, then INACTIVE and ACTIVE. */
const CAP_FLAG: Record<string, number> = {
  system: 1 << 0, pci: 1 << 1, usb_device: 1 << 2, usb: 1 << 3, net: 1 << 4, scsi_host: 1 << 5,
  scsi_target: 1 << 6, scsi: 1 << 7, storage: 1 << 8, fc_host: 1 << 9, vports: 1 << 10,
  scsi_generic: 1 << 11, drm: 1 << 12, mdev_types: 1 << 13, mdev: 1 << 14, ccw: 1 << 15, css: 1 << 16,
  vdpa: 1 << 17, ap_card: 1 << 18, ap_queue: 1 << 19, ap_matrix: 1 << 20, vpd: 1 << 21,
};
const FILTERS_CAP = Object.values(CAP_FLAG).reduce((a, b) => a | b, 0);
/** virNodeDeviceEventID and the lifecycle events the test driver raises */
const LIFECYCLE = 0;
const EVENT_ID_LAST = 2;
const EVENT_CREATED = 0;
const EVENT_DELETED = 1;
/** VIR_NODE_DEVICE_CREATE_XML_VALIDATE */
const CREATE_VALIDATE = 1 << 0;

export class NodeDeviceStore {
  readonly state: TestState;
  /** name → definition; insertion order stands in for libvirt's hash order. */
  readonly devs = new Map<string, NodeDeviceDef>();
  /** Registered event callbacks, by callback id (shared by every connection to this state). */
  readonly callbacks = new Map<number, { dev: string | null; eventID: number; cb: NodeDeviceEventCallback }>();
  nextCallbackID = 0;

  /** Queue a lifecycle event (virNodeDeviceEventLifecycleNew); delivered after the current call returns. */
  emitLifecycle(name: string, event: number): void {
    this.state.events.nodeDeviceLifecycle({ name }, event); // events (remote area): the daemon forwards these
    for (const c of this.callbacks.values()) {
      if (c.eventID !== LIFECYCLE || (c.dev !== null && c.dev !== name)) continue;
      queueMicrotask(() => c.cb({ name }, event, 0));
    }
  }
  constructor(state: TestState) {
    this.state = state;
  }

  find(name: string): NodeDeviceDef {
    const d = this.devs.get(name);
    if (!d) throw reportNodedevNotFound(name);
    return d;
  }

  assign(def: NodeDeviceDef): void {
    this.devs.set(def.name, def);
  }
}

function reportNodedevNotFound(name: string) {
  return report(ErrorCode.NoNodeDevice, `no node device with matching name '${name}'`);
}

/** virNodeDeviceObjHasCapStr: an unknown capability name matches nothing. */
function hasCapStr(def: NodeDeviceDef, cap: string): boolean {
  if (!(NodeDevCapTypes as readonly string[]).includes(cap)) return false;
  return hasCap(def, cap as NodeDevCapType);
}

function ref(def: NodeDeviceDef): NodeDeviceRef {
  return { name: def.name, parent: def.parent ?? null };
}

/** virNodeDeviceObjListGetParentHost: the vHBA's parent must exist and be able to make vports. */
function checkParentHost(store: NodeDeviceStore, def: NodeDeviceDef): void {
  const vportHost = (d: NodeDeviceDef) => {
    if (!d.caps.some((c) => c.type === 'scsi_host' && c.vportOps)) {
      throw reportNodedev(ErrorCode.InternalError, `Parent device ${d.name} is not capable of vport operations`);
    }
  };
  const notFound = () => reportNodedev(ErrorCode.InternalError, `Could not find parent device for '${def.name}'`);
  const fcHost = (d: NodeDeviceDef) => d.caps.find((c): c is Extract<NodeDevCap, { type: 'scsi_host' }> => c.type === 'scsi_host' && c.fcHost);
  let parent: NodeDeviceDef | undefined;
  if (def.parent) {
    parent = store.devs.get(def.parent);
  } else if (def.parentWwnn && def.parentWwpn) {
    parent = [...store.devs.values()].find((d) => {
      const c = fcHost(d);
      return !!c && c.wwnn === def.parentWwnn && c.wwpn === def.parentWwpn;
    });
  } else if (def.parentFabricWwn) {
    parent = [...store.devs.values()].find((d) => fcHost(d)?.fabricWwn === def.parentFabricWwn);
  } else {
    parent = [...store.devs.values()].find((d) => hasCap(d, 'vports'));
    if (!parent) throw reportNodedev(ErrorCode.InternalError, 'Could not find any vport capable device');
  }
  if (!parent) throw notFound();
  vportHost(parent);
}

/** testNodeDeviceMockCreateVport: scsi_host11's definition, renamed scsi_host12, with the new WWNs. */
function mockCreateVport(store: NodeDeviceStore, wwnn: string, wwpn: string): NodeDeviceDef {
  const tmpl = store.devs.get('scsi_host11');
  // libvirt fails here without saying why when the template is gone.
  if (!tmpl) throw new VirError({ code: ErrorCode.InternalError, domain: ErrorDomain.None, message: 'An error occurred, but the cause is unknown' });
  const def: NodeDeviceDef = structuredClone(tmpl);
  def.name = 'scsi_host12';
  for (const c of def.caps) {
    if (c.type === 'scsi_host' && c.fcHost) {
      c.wwnn = wwnn;
      c.wwpn = wwpn;
    }
  }
  store.assign(def);
  store.emitLifecycle(def.name, EVENT_CREATED);
  return def;
}

export function nodedevPart(state: TestState): NodeDeviceDriver {
  const store = state.nodeDevices;
  return {
    name: 'Test',
    async nodeNumOfDevices(cap, flags) {
      checkFlags(flags, 0, 'testNodeNumOfDevices', ErrorDomain.Test);
      return [...store.devs.values()].filter((d) => cap === null || hasCapStr(d, cap)).length;
    },
    async nodeListDevices(cap, maxnames, flags) {
      checkFlags(flags, 0, 'testNodeListDevices', ErrorDomain.Test);
      const out: string[] = [];
      for (const d of store.devs.values()) {
        if (out.length >= maxnames) break;
        if (cap === null || hasCapStr(d, cap)) out.push(d.name);
      }
      return out;
    },
    async connectListAllNodeDevices(flags) {
      // The test driver knows the capability filters but not the active/inactive ones, so
      // virsh's default listing (which asks for active devices) fails here, as in libvirt 9.0.
      checkFlags(flags, FILTERS_CAP, 'testConnectListAllNodeDevices', ErrorDomain.Test);
      const out: NodeDeviceRef[] = [];
      for (const d of store.devs.values()) {
        if (flags & FILTERS_CAP) {
          const match = Object.entries(CAP_FLAG).some(([name, bit]) => (flags & bit) !== 0 && hasCap(d, name as NodeDevCapType));
          if (!match) continue;
        }
        out.push(ref(d));
      }
      return out;
    },
    async nodeDeviceLookupByName(name) {
      return ref(store.find(name));
    },
    async nodeDeviceGetXMLDesc(dev, flags) {
      checkFlags(flags, 0, 'testNodeDeviceGetXMLDesc', ErrorDomain.Test);
      return formatNodeDevice(store.find(dev.name));
    },
    async nodeDeviceGetParent(dev) {
      const def = store.find(dev.name);
      if (def.parent === undefined) throw report(ErrorCode.InternalError, 'no parent for this device');
      return def.parent;
    },
    async nodeDeviceNumOfCaps(dev) {
      return store.find(dev.name).caps.length;
    },
    async nodeDeviceListCaps(dev, maxnames) {
      return store.find(dev.name).caps.slice(0, Math.max(0, maxnames)).map((c) => c.type);
    },
    async nodeDeviceCreateXML(xml, flags) {
      checkFlags(flags, CREATE_VALIDATE, 'testNodeDeviceCreateXML', ErrorDomain.Test);
      const def = await parseNodeDeviceXml(xml, 'create');
      const { wwnn, wwpn } = deviceWwns(def);
      checkParentHost(store, def);
      const created = mockCreateVport(store, wwnn, wwpn);
      return { name: created.name, parent: def.parent ?? null };
    },
    async nodeDeviceDestroy(dev) {
      const def = store.find(dev.name);
      // libvirt's test driver reports these problems but still returns success, so the device
      // stays and the caller is told it was destroyed; the API layer sees no failure either.
      try {
        deviceWwns(def);
      } catch {
        return;
      }
      if (def.parent === undefined || !store.devs.has(def.parent)) return;
      store.devs.delete(def.name);
      store.emitLifecycle(def.name, EVENT_DELETED);
    },
    async connectNodeDeviceEventRegisterAny(dev, eventID, cb) {
      if (eventID < 0 || eventID >= EVENT_ID_LAST) {
        throw reportNodedev(ErrorCode.InvalidArg, `unsupported event ID ${eventID}`);
      }
      const id = store.nextCallbackID++;
      store.callbacks.set(id, { dev: dev?.name ?? null, eventID, cb });
      return id;
    },
    async connectNodeDeviceEventDeregisterAny(callbackID) {
      if (!store.callbacks.delete(callbackID)) {
        throw errorsFrom(ErrorDomain.None)(ErrorCode.InvalidArg, `could not find event callback ${callbackID} for deletion`);
      }
    },
  };
}

/** test:///default's node devices: the computer and its SCSI hosts. */
export function loadDefaultNodedev(state: TestState): void {
  const store = state.nodeDevices;
  store.assign({
    name: 'computer',
    devlinks: [],
    caps: [
      {
        type: 'system',
        hardware: { vendor: 'Libvirt', version: 'Test driver', serial: '123456', uuid: '11111111-2222-3333-4444-555555555555' },
        firmware: { vendor: 'Libvirt', version: 'Test Driver', releaseDate: '01/22/2007' },
      },
    ],
  });
  const host = (name: string, parent: string, n: number, uid: number, wwn: string, fabric: string, vportOps: boolean): NodeDeviceDef => ({
    name,
    parent,
    devlinks: [],
    caps: [
      {
        type: 'scsi_host',
        host: n,
        uniqueId: uid,
        fcHost: true,
        vportOps,
        wwnn: `20000000${wwn}`,
        wwpn: `10000000${wwn}`,
        fabricWwn: fabric,
        // The config's <max_vports>/<vports> are not read: real values come from sysfs.
        maxVports: 0,
        vports: 0,
      },
    ],
  });
  store.assign(host('scsi_host1', 'computer', 1, 0, '12341234', '2000000043214321', true));
  store.assign(host('scsi_host2', 'computer', 2, 1, '56785678', '2000000087658765', true));
  store.assign(host('scsi_host11', 'scsi_host1', 11, 10, '34563456', '2000000043214321', false));
}

/** The node devices of a custom test:///path.xml file (`root` is its <node> element). */
export async function loadNodedevFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {
  for (const node of children(root, 'device')) {
    const el = await resolveFileRef(node, baseDir);
    state.nodeDevices.assign(parseNodeDevice(el, 'existing'));
  }
}
