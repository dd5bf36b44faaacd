// Test driver: the network area. Its objects live in NetworkStore; networkPart() is its share of
// the driver tables (what libvirt's testNetworkDriver offers, with its messages); the loaders fill
// it from test:///default's built-in data or from a custom file.
import type { NetworkDriver } from '../../driver/network.js';
import type { NetworkRef } from '../../driver/refs.js';
import { tryParseIp } from '../../conf/network/addr.js';
import { copyNetworkDef, formatNetworkDef, newNetworkDef, parseNetworkDef, parseNetworkXml, type NetworkDef } from '../../conf/network-conf.js';
import { updateNetworkDef, NetworkUpdateFlags } from '../../conf/network-update.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import { children } from '../../conf/xml/read.js';
import { ErrorCode, ErrorDomain, checkFlags, errorsFrom } from '../../util/error.js';
import { resolveFileRef } from './custom-config.js';
import type { TestState } from './test-state.js';
import { NetworkEvent } from '../../driver/events.js';

/** Errors test_driver.c raises itself (VIR_FROM_TEST). */
const report = errorsFrom(ErrorDomain.Test);
/** Errors libvirt's network object list raises (virnetworkobj.c: VIR_FROM_NETWORK). */
const reportNet = errorsFrom(ErrorDomain.Network);

/** virConnectListAllNetworksFlags */
const LIST = {
  INACTIVE: 1 << 0,
  ACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  AUTOSTART: 1 << 4,
  NO_AUTOSTART: 1 << 5,
} as const;
const LIST_ALL = 0x3f;


/** One network (virNetworkObj): the running definition, and the persistent one kept aside while it runs. */
export interface NetworkObj {
  def: NetworkDef;
  newDef?: NetworkDef;
  active: boolean;
  persistent: boolean;
  autostart: boolean;
}

export class NetworkStore {
  readonly state: TestState;
  /** By UUID, in the order the networks were added. */
  readonly objs = new Map<string, NetworkObj>();

  constructor(state: TestState) {
    this.state = state;
  }

  byName(name: string): NetworkObj | undefined {
    for (const o of this.objs.values()) if (o.def.name === name) return o;
    return undefined;
  }

  /** testNetworkObjFindByName */
  findByName(name: string): NetworkObj {
    const o = this.byName(name);
    if (!o) throw report(ErrorCode.NoNetwork, `no network with matching name '${name}'`);
    return o;
  }

  /** testNetworkObjFindByUUID */
  findByUUID(uuid: string): NetworkObj {
    const o = this.objs.get(uuid);
    if (!o) throw report(ErrorCode.NoNetwork, `no network with matching uuid '${uuid}'`);
    return o;
  }

  /**
   * virNetworkObjAssignDef: add a network, or replace the definition of the one with the same
   * UUID (a name or UUID used by another network is refused).
   */
  assignDef(def: NetworkDef, opts: { live?: boolean; checkLive?: boolean } = {}): NetworkObj {
    const existing = this.objs.get(def.uuid);
    if (existing) {
      if (existing.def.name !== def.name) {
        throw reportNet(ErrorCode.OperationFailed, `network '${existing.def.name}' is already defined with uuid ${existing.def.uuid}`);
      }
      if (opts.checkLive && existing.active) throw reportNet(ErrorCode.OperationInvalid, `network is already active as '${existing.def.name}'`);
      updateAssignDef(existing, def, !!opts.live);
      return existing;
    }
    const clash = this.byName(def.name);
    if (clash) throw reportNet(ErrorCode.OperationFailed, `network '${def.name}' already exists with uuid ${clash.def.uuid}`);
    const obj: NetworkObj = { def, active: false, persistent: !opts.live, autostart: false };
    this.objs.set(def.uuid, obj);
    return obj;
  }

  remove(obj: NetworkObj): void {
    this.objs.delete(obj.def.uuid);
  }

  /** virNetworkObjListExport's filter */
  list(flags: number): NetworkObj[] {
    const match = (o: NetworkObj) => {
      if (flags & (LIST.ACTIVE | LIST.INACTIVE) && !((flags & LIST.ACTIVE && o.active) || (flags & LIST.INACTIVE && !o.active))) return false;
      if (flags & (LIST.PERSISTENT | LIST.TRANSIENT) && !((flags & LIST.PERSISTENT && o.persistent) || (flags & LIST.TRANSIENT && !o.persistent))) return false;
      if (flags & (LIST.AUTOSTART | LIST.NO_AUTOSTART) && !((flags & LIST.AUTOSTART && o.autostart) || (flags & LIST.NO_AUTOSTART && !o.autostart))) return false;
      return true;
    };
    return [...this.objs.values()].filter(match);
  }
}

/** virNetworkObjUpdateAssignDef: which of the live and persistent definitions a new one replaces. */
function updateAssignDef(obj: NetworkObj, def: NetworkDef, live: boolean): void {
  if (live) {
    if (obj.persistent && !obj.newDef) obj.newDef = obj.def;
    obj.def = def;
    return;
  }
  if (obj.active) obj.newDef = def;
  else if (!obj.persistent) obj.newDef = def;
  else {
    obj.newDef = undefined;
    obj.def = def;
  }
  obj.persistent = true;
}

function ref(o: NetworkObj): NetworkRef {
  return { name: o.def.name, uuid: o.def.uuid };
}

export function networkPart(state: TestState): NetworkDriver {
  const store = state.networks;
  const createXML = async (xml: string, flags: number, fn: string) => {
    checkFlags(flags, 1, fn, ErrorDomain.Test);
    const def = await parseNetworkXml(xml);
    const obj = store.assignDef(def, { live: true, checkLive: true });
    obj.active = true;
    state.events.networkLifecycle(ref(obj), NetworkEvent.Started);
    return ref(obj);
  };
  const defineXML = async (xml: string, flags: number, fn: string) => {
    checkFlags(flags, 1, fn, ErrorDomain.Test);
    const def = await parseNetworkXml(xml);
    const obj = store.assignDef(def);
    state.events.networkLifecycle(ref(obj), NetworkEvent.Defined);
    return ref(obj);
  };
  return {
    name: 'Test',
    async connectNumOfNetworks() {
      return store.list(LIST.ACTIVE).length;
    },
    async connectListNetworks(maxnames) {
      return store.list(LIST.ACTIVE).slice(0, Math.max(0, maxnames)).map((o) => o.def.name);
    },
    async connectNumOfDefinedNetworks() {
      return store.list(LIST.INACTIVE).length;
    },
    async connectListDefinedNetworks(maxnames) {
      return store.list(LIST.INACTIVE).slice(0, Math.max(0, maxnames)).map((o) => o.def.name);
    },
    async connectListAllNetworks(flags) {
      checkFlags(flags, LIST_ALL, 'testConnectListAllNetworks', ErrorDomain.Test);
      return store.list(flags).map(ref);
    },
    async networkLookupByUUID(uuid) {
      return ref(store.findByUUID(uuid));
    },
    async networkLookupByName(name) {
      return ref(store.findByName(name));
    },
    networkCreateXML(xml) {
      return createXML(xml, 0, 'testNetworkCreateXMLFlags');
    },
    networkCreateXMLFlags(xml, flags) {
      return createXML(xml, flags, 'testNetworkCreateXMLFlags');
    },
    networkDefineXML(xml) {
      return defineXML(xml, 0, 'testNetworkDefineXMLFlags');
    },
    networkDefineXMLFlags(xml, flags) {
      return defineXML(xml, flags, 'testNetworkDefineXMLFlags');
    },
    async networkUndefine(net) {
      const o = store.findByName(net.name);
      if (o.active) throw report(ErrorCode.OperationInvalid, `Network '${net.name}' is still running`);
      store.remove(o);
      state.events.networkLifecycle(net, NetworkEvent.Undefined);
    },
    async networkUpdate(net, command, section, parentIndex, xml, flags) {
      checkFlags(flags, NetworkUpdateFlags.AFFECT_LIVE | NetworkUpdateFlags.AFFECT_CONFIG, 'testNetworkUpdate', ErrorDomain.Test);
      const o = store.findByUUID(net.uuid);
      // "current" means the live state of a running network and the config of a stopped one
      if ((flags & (NetworkUpdateFlags.AFFECT_LIVE | NetworkUpdateFlags.AFFECT_CONFIG)) === 0) {
        flags |= o.active ? NetworkUpdateFlags.AFFECT_LIVE : NetworkUpdateFlags.AFFECT_CONFIG;
      }
      await updateNetworkObj(o, command, section, parentIndex, xml, flags);
    },
    async networkCreate(net) {
      const o = store.findByName(net.name);
      if (o.active) throw report(ErrorCode.OperationInvalid, `Network '${net.name}' is already running`);
      o.active = true;
      state.events.networkLifecycle(ref(o), NetworkEvent.Started);
    },
    async networkDestroy(net) {
      // The test driver stops a network whatever its state, and keeps the running definition.
      const o = store.findByName(net.name);
      o.active = false;
      state.events.networkLifecycle(ref(o), NetworkEvent.Stopped);
      if (!o.persistent) store.remove(o);
    },
    async networkGetXMLDesc(net, flags) {
      checkFlags(flags, 0, 'testNetworkGetXMLDesc', ErrorDomain.Test);
      return formatNetworkDef(store.findByName(net.name).def, flags);
    },
    async networkGetBridgeName(net) {
      const def = store.findByName(net.name).def;
      if (!def.bridge) throw report(ErrorCode.InternalError, `network '${def.name}' does not have a bridge name.`);
      return def.bridge;
    },
    async networkGetAutostart(net) {
      return store.findByName(net.name).autostart;
    },
    async networkSetAutostart(net, autostart) {
      store.findByName(net.name).autostart = autostart;
    },
    async networkIsActive(net) {
      return store.findByUUID(net.uuid).active;
    },
    async networkIsPersistent(net) {
      return store.findByUUID(net.uuid).persistent;
    },
  };
}

/** virNetworkObjUpdate: apply one net-update command to the live and/or persistent definition. */
async function updateNetworkObj(o: NetworkObj, command: number, section: number, parentIndex: number, xml: string, flags: number): Promise<void> {
  if (!o.active && flags & NetworkUpdateFlags.AFFECT_LIVE) throw reportNet(ErrorCode.OperationInvalid, 'network is not running');
  if (flags & NetworkUpdateFlags.AFFECT_CONFIG) {
    if (!o.persistent) throw reportNet(ErrorCode.OperationInvalid, 'cannot change persistent config of a transient network');
    if (o.active && !o.newDef) o.newDef = copyNetworkDef(o.def);
  }
  // Work on copies so a failed update leaves both definitions as they were.
  let live: NetworkDef | undefined;
  let config: NetworkDef | undefined;
  if (flags & NetworkUpdateFlags.AFFECT_LIVE) {
    live = copyNetworkDef(o.def);
    await updateNetworkDef(live, command, section, parentIndex, xml);
  }
  if (flags & NetworkUpdateFlags.AFFECT_CONFIG) {
    config = copyNetworkDef(o.newDef ?? o.def);
    await updateNetworkDef(config, command, section, parentIndex, xml);
  }
  if (live) o.def = live;
  if (config) {
    if (o.newDef) o.newDef = config;
    else o.def = config;
  }
}

/** test:///default's network: "default", NAT on virbr0 with DHCP over 192.168.122.0/24. */
export function loadDefaultNetwork(state: TestState): void {
  const def = newNetworkDef('default', 'dd8fe884-6c02-601e-7551-cca97df1c5df');
  def.bridge = 'virbr0';
  def.forward.mode = 'nat';
  def.ips.push({
    address: tryParseIp('192.168.122.1')!,
    netmask: tryParseIp('255.255.255.0')!,
    prefix: 0,
    ranges: [{ start: tryParseIp('192.168.122.2')!, end: tryParseIp('192.168.122.254')! }],
    hosts: [],
  });
  state.networks.assignDef(def).active = true;
}

/** testParseNetworks: each /node/network (inline or file='…') is defined and started. */
export async function loadNetworkFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {
  for (const el of children(root, 'network')) {
    const node = await resolveFileRef(el, baseDir);
    state.networks.assignDef(parseNetworkDef(node)).active = true;
  }
}
