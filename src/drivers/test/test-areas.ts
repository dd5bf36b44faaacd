// The test driver's secondary areas (networks, storage, host interfaces, node devices) load on
// their first use: `virsh list` and most commands need the hypervisor part only, and each module
// initialised at open costs every start of a bundled virsh. An area's store, and on
// test:///default libvirt's built-in objects of that area, are made when the area loads; the
// state keeps them, so the connections sharing it share them. A custom config loads every area
// at open (custom-config.ts), so its errors still come then.
import type { InterfaceDriver } from '../../driver/interface.js';
import type { NetworkDriver } from '../../driver/network.js';
import type { NodeDeviceDriver } from '../../driver/node-device.js';
import type { StorageDriver } from '../../driver/storage.js';
import type { TestState } from './test-state.js';

export async function networkArea(state: TestState): Promise<typeof import('./test-network.js')> {
  const m = await import('./test-network.js');
  if (state.networks === undefined) {
    state.networks = new m.NetworkStore(state);
    if (state.builtIn) m.loadDefaultNetwork(state);
  }
  return m;
}

export async function storageArea(state: TestState): Promise<typeof import('./test-storage.js')> {
  const m = await import('./test-storage.js');
  if (state.storage === undefined) {
    state.storage = new m.StorageStore(state);
    if (state.builtIn) m.loadDefaultStorage(state);
  }
  return m;
}

export async function interfaceArea(state: TestState): Promise<typeof import('./test-interface.js')> {
  const m = await import('./test-interface.js');
  if (state.interfaces === undefined) {
    state.interfaces = new m.InterfaceStore(state);
    if (state.builtIn) m.loadDefaultInterface(state);
  }
  return m;
}

export async function nodedevArea(state: TestState): Promise<typeof import('./test-nodedev.js')> {
  const m = await import('./test-nodedev.js');
  if (state.nodeDevices === undefined) {
    state.nodeDevices = new m.NodeDeviceStore(state);
    if (state.builtIn) m.loadDefaultNodedev(state);
  }
  return m;
}

/**
 * The methods each area's part offers (networkPart() and the others), known before the area
 * loads: the API tells "not supported" from a missing method. test-areas.test.ts checks them
 * against the parts.
 */
export const AREA_METHODS = {
  network:
    'connectNumOfNetworks connectListNetworks connectNumOfDefinedNetworks connectListDefinedNetworks connectListAllNetworks networkLookupByUUID networkLookupByName networkCreateXML networkCreateXMLFlags networkDefineXML networkDefineXMLFlags networkUndefine networkUpdate networkCreate networkDestroy networkGetXMLDesc networkGetBridgeName networkGetAutostart networkSetAutostart networkIsActive networkIsPersistent',
  storage:
    'connectNumOfStoragePools connectListStoragePools connectNumOfDefinedStoragePools connectListDefinedStoragePools connectListAllStoragePools connectFindStoragePoolSources storagePoolLookupByName storagePoolLookupByUUID storagePoolLookupByVolume storagePoolCreateXML storagePoolDefineXML storagePoolBuild storagePoolUndefine storagePoolCreate storagePoolDestroy storagePoolDelete storagePoolRefresh storagePoolGetInfo storagePoolGetXMLDesc storagePoolGetAutostart storagePoolSetAutostart storagePoolNumOfVolumes storagePoolListVolumes storagePoolListAllVolumes storagePoolIsActive storagePoolIsPersistent storageVolLookupByName storageVolLookupByKey storageVolLookupByPath storageVolCreateXML storageVolCreateXMLFrom storageVolDelete storageVolGetInfo storageVolGetXMLDesc storageVolGetPath',
  interface:
    'connectNumOfInterfaces connectListInterfaces connectNumOfDefinedInterfaces connectListDefinedInterfaces connectListAllInterfaces interfaceLookupByName interfaceLookupByMACString interfaceIsActive interfaceChangeBegin interfaceChangeCommit interfaceChangeRollback interfaceGetXMLDesc interfaceDefineXML interfaceUndefine interfaceCreate interfaceDestroy',
  nodeDevice:
    'nodeNumOfDevices nodeListDevices connectListAllNodeDevices nodeDeviceLookupByName nodeDeviceGetXMLDesc nodeDeviceGetParent nodeDeviceNumOfCaps nodeDeviceListCaps nodeDeviceCreateXML nodeDeviceDestroy connectNodeDeviceEventRegisterAny connectNodeDeviceEventDeregisterAny',
} as const;

/** A part whose methods load the area on their first call and then call the real part's. */
function lazyPart<D>(methods: string, load: () => Promise<D>): D {
  let real: Promise<D> | undefined;
  const part: Record<string, unknown> = { name: 'Test' };
  for (const m of methods.split(' ')) {
    part[m] = async (...args: unknown[]) => {
      const d = (await (real ??= load())) as Record<string, (...a: unknown[]) => unknown>;
      return d[m](...args);
    };
  }
  return part as D;
}

/** The connection's network, storage, interface and node device parts, each loaded on first use. */
export function secondaryParts(state: TestState): {
  network: NetworkDriver;
  storage: StorageDriver;
  interface: InterfaceDriver;
  nodeDevice: NodeDeviceDriver;
} {
  return {
    network: lazyPart(AREA_METHODS.network, async () => (await networkArea(state)).networkPart(state)),
    storage: lazyPart(AREA_METHODS.storage, async () => (await storageArea(state)).storagePart(state)),
    interface: lazyPart(AREA_METHODS.interface, async () => (await interfaceArea(state)).interfacePart(state)),
    nodeDevice: lazyPart(AREA_METHODS.nodeDevice, async () => (await nodedevArea(state)).nodedevPart(state)),
  };
}
