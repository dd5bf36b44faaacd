// virConnect: the public handle on one open connection (libvirt-host.c, libvirt-domain.c lookups,
// libvirt-network.c lookups, …). Methods are thin: check arguments, call the driver, wrap refs.
import type { DriverConnection } from '../driver/registry.js';
import type { ConnectCloseCallback, HypervisorDriver } from '../driver/hypervisor.js';
import type { NodeInfo } from '../driver/types.js';
import type { NodeCPUMap, NodeStat, SecurityModel, TypedParam } from '../driver/types.js';
import { checkNonNegative, checkNonNull, genericFailure } from './arg-checks.js';
import { invokeDriver } from './invoke.js';
import { ErrorDomain } from '../util/error.js';
import { driverMethod, readOnlyError } from './call.js';
import { Domain, resolvePath, saveFlagsExclusive } from './domain.js';
import { Stream } from './stream.js'; // domain area: virStreamNew
// interfaces, node devices, secrets, network filters (iface/nodedev area)
import { Interface, interfaceApi } from './interface.js';
import { NodeDevice, nodeDeviceApi } from './node-device.js';
import { NWFilter, NWFilterBinding, nwfilterApi } from './nwfilter.js';
import { Secret, secretApi } from './secret.js';
// networks, storage pools and volumes (network/storage area)
import { Network, networkApi } from './network.js';
import { StoragePool, storageApi } from './storage-pool.js';
import type { StorageVol } from './storage-vol.js';
// event callbacks (events area)
import type { DomainEventIDValue } from './enums.js';
import { eventApi, type DomainEventCallback, type NetworkEventCallback, type NodeDeviceEventCallback, type SecretEventCallback, type StoragePoolEventCallback } from './events.js';

/** virConnectCloseFunc: the connection and a ConnectCloseReason (close area). */
export type ConnectCloseFunc = (conn: Connect, reason: number) => void;

// libvirt-host.c reports in VIR_FROM_DOMAIN, like libvirt-domain.c.
const FROM_HOST = ErrorDomain.Domain;
const FROM_DOMAIN = ErrorDomain.Domain;

export class Connect {
  readonly drivers: DriverConnection;
  readonly readOnly: boolean;
  readonly uriText: string;
  #closed = false;

  constructor(drivers: DriverConnection, uriText: string, readOnly: boolean) {
    this.drivers = drivers;
    this.uriText = uriText;
    this.readOnly = readOnly;
  }

  /** The hypervisor driver's method, or libvirt's "not supported" error for `api`. */
  hv<K extends Exclude<keyof HypervisorDriver, 'name'>>(method: K, api: string, domain = FROM_DOMAIN) {
    return driverMethod(this.drivers.hypervisor, method, api, domain);
  }

  /** Refuse a modifying call on a read-only connection. */
  checkWritable(api: string, domain: ErrorDomain): void {
    if (this.readOnly) throw readOnlyError(api, domain);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.drivers.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // --- host (libvirt-host.c) ---
  /** virConnectGetType: the driver's answer, else the driver's name. */
  async getType(): Promise<string> {
    const hv = this.drivers.hypervisor;
    return (await hv.connectGetType?.call(hv)) || hv.name;
  }
  getVersion(): Promise<number> {
    return this.hv('connectGetVersion', 'virConnectGetVersion', FROM_HOST)();
  }
  async getLibVersion(): Promise<number> {
    const fn = this.drivers.hypervisor.connectGetLibVersion;
    return fn ? fn.call(this.drivers.hypervisor) : LIB_VERSION;
  }
  getHostname(): Promise<string> {
    return this.hv('connectGetHostname', 'virConnectGetHostname', FROM_HOST)();
  }
  async getURI(): Promise<string> {
    const fn = this.drivers.hypervisor.connectGetURI;
    if (fn) return fn.call(this.drivers.hypervisor);
    return this.drivers.uri ?? this.uriText;
  }
  getSysinfo(flags = 0): Promise<string> {
    return this.hv('connectGetSysinfo', 'virConnectGetSysinfo', FROM_HOST)(flags);
  }
  getMaxVcpus(type: string | null = null): Promise<number> {
    return this.hv('connectGetMaxVcpus', 'virConnectGetMaxVcpus', FROM_HOST)(type);
  }
  getCapabilities(): Promise<string> {
    return this.hv('connectGetCapabilities', 'virConnectGetCapabilities', FROM_HOST)();
  }
  nodeGetInfo(): Promise<NodeInfo> {
    return this.hv('nodeGetInfo', 'virNodeGetInfo', FROM_HOST)();
  }
  isAlive(): Promise<boolean> {
    return this.hv('connectIsAlive', 'virConnectIsAlive', FROM_HOST)();
  }
  /**
   * virConnectSetKeepAlive: 0 when the connection now probes its peer every `interval` seconds
   * (closing after `count` unanswered probes) or stopped probing (interval <= 0), 1 when the peer
   * does not take part. Local drivers have nothing to keep alive and refuse it.
   */
  async setKeepAlive(interval: number, count: number): Promise<number> {
    return this.hv('connectSetKeepAlive', 'virConnectSetKeepAlive', FROM_HOST)(interval, count);
  }
  // --- close callbacks (close area; libvirt-host.c) ---
  /**
   * virConnectRegisterCloseCallback: `cb` learns once, with a ConnectCloseReason, that the link to
   * the hypervisor went away. One callback per connection. A driver without such a link (test, …)
   * accepts it and never calls it, as libvirt does.
   */
  async registerCloseCallback(cb: ConnectCloseFunc): Promise<void> {
    checkNonNull(cb, 'cb', 'virConnectRegisterCloseCallback', FROM_HOST);
    const hv = this.drivers.hypervisor;
    if (!hv.connectRegisterCloseCallback) return;
    // The driver knows callbacks by identity: keep the one it was given for unregistering.
    const toDriver: ConnectCloseCallback = (reason) => cb(this, reason);
    await hv.connectRegisterCloseCallback(toDriver);
    this.#closeCallbacks.set(cb, toDriver);
  }
  /** virConnectUnregisterCloseCallback: `cb` must be the callback registered. */
  async unregisterCloseCallback(cb: ConnectCloseFunc): Promise<void> {
    checkNonNull(cb, 'cb', 'virConnectUnregisterCloseCallback', FROM_HOST);
    const hv = this.drivers.hypervisor;
    if (!hv.connectUnregisterCloseCallback) return;
    // A callback never registered reaches the driver as a stranger, for its "different callback" error.
    await hv.connectUnregisterCloseCallback(this.#closeCallbacks.get(cb) ?? (() => undefined));
    this.#closeCallbacks.delete(cb);
  }
  readonly #closeCallbacks = new Map<ConnectCloseFunc, ConnectCloseCallback>();

  isEncrypted(): Promise<boolean> {
    return this.hv('connectIsEncrypted', 'virConnectIsEncrypted', FROM_HOST)();
  }
  isSecure(): Promise<boolean> {
    return this.hv('connectIsSecure', 'virConnectIsSecure', FROM_HOST)();
  }

  // --- host and node queries (host area; libvirt-host.c) ---
  async supportsFeature(feature: number): Promise<boolean> {
    return this.hv('connectSupportsFeature', 'virConnectSupportsFeature', FROM_HOST)(feature);
  }
  /** virNodeGetFreeMemory: 0 is libvirt's failure value, reported as the driver's error. */
  async nodeGetFreeMemory(): Promise<bigint> {
    const free = await this.hv('nodeGetFreeMemory', 'virNodeGetFreeMemory', FROM_HOST)();
    if (free === 0n) throw genericFailure();
    return free;
  }
  async nodeGetCellsFreeMemory(startCell: number, maxCells: number): Promise<bigint[]> {
    // This and the node calls below check their arguments in entry-checks.ts, through the API's core.
    return invokeDriver(this, 'hypervisor', 'nodeGetCellsFreeMemory', 'virNodeGetCellsFreeMemory', [startCell, maxCells]) as Promise<bigint[]>;
  }
  /** With nparams 0, only the number of counters is returned (as libvirt's first call). */
  async nodeGetCPUStats(cpuNum: number, nparams: number, flags = 0): Promise<{ params: NodeStat[]; nparams: number }> {
    return invokeDriver(this, 'hypervisor', 'nodeGetCPUStats', 'virNodeGetCPUStats', [cpuNum, nparams, flags]) as Promise<{ params: NodeStat[]; nparams: number }>;
  }
  async nodeGetMemoryStats(cellNum: number, nparams: number, flags = 0): Promise<{ params: NodeStat[]; nparams: number }> {
    return invokeDriver(this, 'hypervisor', 'nodeGetMemoryStats', 'virNodeGetMemoryStats', [cellNum, nparams, flags]) as Promise<{ params: NodeStat[]; nparams: number }>;
  }
  async nodeGetFreePages(pages: number[], startCell: number, cellCount: number, flags = 0): Promise<bigint[]> {
    return invokeDriver(this, 'hypervisor', 'nodeGetFreePages', 'virNodeGetFreePages', [pages, startCell, cellCount, flags]) as Promise<bigint[]>;
  }
  async nodeAllocPages(pageSizes: number[], pageCounts: bigint[], startCell: number, cellCount: number, flags = 0): Promise<number> {
    return invokeDriver(this, 'hypervisor', 'nodeAllocPages', 'virNodeAllocPages', [pageSizes, pageCounts, startCell, cellCount, flags]) as Promise<number>;
  }
  async nodeGetCPUMap(flags = 0): Promise<NodeCPUMap> {
    return this.hv('nodeGetCPUMap', 'virNodeGetCPUMap', FROM_HOST)(flags);
  }
  async nodeSuspendForDuration(target: number, duration: bigint, flags = 0): Promise<void> {
    this.checkWritable('virNodeSuspendForDuration', FROM_HOST);
    await this.hv('nodeSuspendForDuration', 'virNodeSuspendForDuration', FROM_HOST)(target, duration, flags);
  }
  async nodeGetMemoryParameters(nparams: number, flags = 0): Promise<{ params: TypedParam[]; nparams: number }> {
    return invokeDriver(this, 'hypervisor', 'nodeGetMemoryParameters', 'virNodeGetMemoryParameters', [nparams, flags]) as Promise<{ params: TypedParam[]; nparams: number }>;
  }
  async nodeSetMemoryParameters(params: TypedParam[], flags = 0): Promise<void> {
    this.checkWritable('virNodeSetMemoryParameters', FROM_HOST);
    await this.hv('nodeSetMemoryParameters', 'virNodeSetMemoryParameters', FROM_HOST)(params, flags);
  }
  async nodeGetSecurityModel(): Promise<SecurityModel> {
    return this.hv('nodeGetSecurityModel', 'virNodeGetSecurityModel', FROM_HOST)();
  }
  async nodeGetSEVInfo(flags = 0): Promise<TypedParam[]> {
    return this.hv('nodeGetSEVInfo', 'virNodeGetSEVInfo', FROM_HOST)(flags);
  }
  async getCPUModelNames(arch: string, flags = 0): Promise<string[]> {
    return this.hv('connectGetCPUModelNames', 'virConnectGetCPUModelNames', FROM_HOST)(arch, flags);
  }
  /** virConnectCompareCPU: a virCPUCompareResult (-1 error is thrown instead). */
  async compareCPU(xmlDesc: string, flags = 0): Promise<number> {
    return this.hv('connectCompareCPU', 'virConnectCompareCPU', FROM_HOST)(xmlDesc, flags);
  }
  async baselineCPU(xmlCPUs: string[], flags = 0): Promise<string> {
    return this.hv('connectBaselineCPU', 'virConnectBaselineCPU', FROM_HOST)(xmlCPUs, flags);
  }
  async compareHypervisorCPU(emulator: string | null, arch: string | null, machine: string | null, virttype: string | null, xmlCPU: string, flags = 0): Promise<number> {
    this.checkWritable('virConnectCompareHypervisorCPU', FROM_HOST);
    return this.hv('connectCompareHypervisorCPU', 'virConnectCompareHypervisorCPU', FROM_HOST)(emulator, arch, machine, virttype, xmlCPU, flags);
  }
  async baselineHypervisorCPU(emulator: string | null, arch: string | null, machine: string | null, virttype: string | null, xmlCPUs: string[], flags = 0): Promise<string> {
    this.checkWritable('virConnectBaselineHypervisorCPU', FROM_HOST);
    return this.hv('connectBaselineHypervisorCPU', 'virConnectBaselineHypervisorCPU', FROM_HOST)(emulator, arch, machine, virttype, xmlCPUs, flags);
  }
  async getDomainCapabilities(emulatorbin: string | null, arch: string | null, machine: string | null, virttype: string | null, flags = 0): Promise<string> {
    // libvirt-domain.c: this entry point reports in the domain error domain and needs write access.
    this.checkWritable('virConnectGetDomainCapabilities', FROM_DOMAIN);
    return this.hv('connectGetDomainCapabilities', 'virConnectGetDomainCapabilities', FROM_DOMAIN)(emulatorbin, arch, machine, virttype, flags);
  }

  // --- domains (libvirt-domain.c) ---
  async listAllDomains(flags = 0): Promise<Domain[]> {
    const refs = await this.hv('connectListAllDomains', 'virConnectListAllDomains')(flags);
    return refs.map((r) => new Domain(this, r));
  }
  numOfDomains(): Promise<number> {
    return this.hv('connectNumOfDomains', 'virConnectNumOfDomains')();
  }
  listDomains(maxids: number): Promise<number[]> {
    return this.hv('connectListDomains', 'virConnectListDomains')(maxids);
  }
  numOfDefinedDomains(): Promise<number> {
    return this.hv('connectNumOfDefinedDomains', 'virConnectNumOfDefinedDomains')();
  }
  listDefinedDomains(maxnames: number): Promise<string[]> {
    return this.hv('connectListDefinedDomains', 'virConnectListDefinedDomains')(maxnames);
  }
  async domainLookupByName(name: string): Promise<Domain> {
    return new Domain(this, await this.hv('domainLookupByName', 'virDomainLookupByName')(name));
  }
  async domainLookupByID(id: number): Promise<Domain> {
    return new Domain(this, await this.hv('domainLookupByID', 'virDomainLookupByID')(id));
  }
  async domainLookupByUUID(uuid: string): Promise<Domain> {
    return new Domain(this, await this.hv('domainLookupByUUID', 'virDomainLookupByUUID')(uuid));
  }
  async domainDefineXML(xml: string, flags = 0): Promise<Domain> {
    const api = flags ? 'virDomainDefineXMLFlags' : 'virDomainDefineXML';
    this.checkWritable(api, FROM_DOMAIN);
    // The flag-less API calls its own driver method (DOMAIN_DEFINE_XML through a daemon).
    if (!flags) return new Domain(this, await this.hv('domainDefineXML', api)(xml));
    return new Domain(this, await this.hv('domainDefineXMLFlags', api)(xml, flags));
  }
  /** virDomainCreateXMLWithFiles: `files` are descriptors the guest inherits. */
  async domainCreateXMLWithFiles(xml: string, files: readonly number[], flags = 0): Promise<Domain> {
    this.checkWritable('virDomainCreateXMLWithFiles', FROM_DOMAIN);
    return new Domain(this, await this.hv('domainCreateXMLWithFiles', 'virDomainCreateXMLWithFiles')(xml, files, flags));
  }
  async domainCreateXML(xml: string, flags = 0): Promise<Domain> {
    this.checkWritable('virDomainCreateXML', FROM_DOMAIN);
    return new Domain(this, await this.hv('domainCreateXML', 'virDomainCreateXML')(xml, flags));
  }
  // (domain area) save images and bulk stats
  // Save-image paths are made absolute here, as libvirt does before handing them to a driver
  // that may run in another process (g_canonicalize_filename: against the cwd, no symlinks).
  async domainRestore(from: string, dxml: string | null = null, flags = 0): Promise<void> {
    const api = flags || dxml !== null ? 'virDomainRestoreFlags' : 'virDomainRestore';
    this.checkWritable(api, FROM_DOMAIN);
    saveFlagsExclusive(flags, api);
    if (api === 'virDomainRestore') await this.hv('domainRestore', api)(resolvePath(from));
    else await this.hv('domainRestoreFlags', api)(resolvePath(from), dxml, flags);
  }
  async domainSaveImageGetXMLDesc(file: string, flags = 0): Promise<string> {
    this.checkWritable('virDomainSaveImageGetXMLDesc', FROM_DOMAIN);
    return this.hv('domainSaveImageGetXMLDesc', 'virDomainSaveImageGetXMLDesc')(resolvePath(file), flags);
  }
  async domainSaveImageDefineXML(file: string, dxml: string, flags = 0): Promise<void> {
    this.checkWritable('virDomainSaveImageDefineXML', FROM_DOMAIN);
    saveFlagsExclusive(flags, 'virDomainSaveImageDefineXML');
    await this.hv('domainSaveImageDefineXML', 'virDomainSaveImageDefineXML')(resolvePath(file), dxml, flags);
  }
  /** virStreamNew */
  newStream(flags = 0): Stream {
    return new Stream(this, flags);
  }
  /** virConnectDomainXMLFromNative */
  async domainXMLFromNative(format: string, config: string, flags = 0): Promise<string> {
    this.checkWritable('virConnectDomainXMLFromNative', FROM_DOMAIN);
    return this.hv('connectDomainXMLFromNative', 'virConnectDomainXMLFromNative')(format, config, flags);
  }
  /** virDomainQemuAttach (libvirt-qemu) */
  async qemuAttach(pid: number, flags = 0): Promise<Domain> {
    this.checkWritable('virDomainQemuAttach', FROM_DOMAIN);
    return new Domain(this, await this.hv('domainQemuAttach', 'virDomainQemuAttach')(pid, flags));
  }
  /** virConnectDomainQemuMonitorEventRegister (libvirt-qemu) */
  async qemuMonitorEventRegister(dom: Domain | null, event: string | null, flags = 0): Promise<number> {
    return this.hv('connectDomainQemuMonitorEventRegister', 'virConnectDomainQemuMonitorEventRegister')(dom ? dom.ref : null, event, flags);
  }
  /** virConnectDomainXMLToNative */
  async domainXMLToNative(format: string, xml: string, flags = 0): Promise<string> {
    this.checkWritable('virConnectDomainXMLToNative', FROM_DOMAIN);
    return this.hv('connectDomainXMLToNative', 'virConnectDomainXMLToNative')(format, xml, flags);
  }
  async getAllDomainStats(stats: number, flags = 0, doms: Domain[] | null = null) {
    const api = doms ? 'virDomainListGetStats' : 'virConnectGetAllDomainStats';
    const recs = await this.hv('connectGetAllDomainStats', api)(doms ? doms.map((d) => d.ref) : null, stats, flags);
    return recs.map((r) => ({ dom: new Domain(this, r.dom), params: r.params }));
  }

  // --- host interfaces (libvirt-interface.c; iface/nodedev area) ---
  listAllInterfaces(flags = 0): Promise<Interface[]> {
    return interfaceApi.listAll(this, flags);
  }
  numOfInterfaces(): Promise<number> {
    return interfaceApi.numOfInterfaces(this);
  }
  listInterfaces(maxnames: number): Promise<string[]> {
    return interfaceApi.listInterfaces(this, maxnames);
  }
  numOfDefinedInterfaces(): Promise<number> {
    return interfaceApi.numOfDefinedInterfaces(this);
  }
  listDefinedInterfaces(maxnames: number): Promise<string[]> {
    return interfaceApi.listDefinedInterfaces(this, maxnames);
  }
  interfaceLookupByName(name: string): Promise<Interface> {
    return interfaceApi.lookupByName(this, name);
  }
  interfaceLookupByMACString(mac: string): Promise<Interface> {
    return interfaceApi.lookupByMACString(this, mac);
  }
  interfaceDefineXML(xml: string, flags = 0): Promise<Interface> {
    return interfaceApi.defineXML(this, xml, flags);
  }
  interfaceChangeBegin(flags = 0): Promise<void> {
    return interfaceApi.changeBegin(this, flags);
  }
  interfaceChangeCommit(flags = 0): Promise<void> {
    return interfaceApi.changeCommit(this, flags);
  }
  interfaceChangeRollback(flags = 0): Promise<void> {
    return interfaceApi.changeRollback(this, flags);
  }

  // --- node devices (libvirt-nodedev.c; iface/nodedev area) ---
  nodeNumOfDevices(cap: string | null = null, flags = 0): Promise<number> {
    return nodeDeviceApi.numOfDevices(this, cap, flags);
  }
  nodeListDevices(cap: string | null, maxnames: number, flags = 0): Promise<string[]> {
    return nodeDeviceApi.listDevices(this, cap, maxnames, flags);
  }
  listAllNodeDevices(flags = 0): Promise<NodeDevice[]> {
    return nodeDeviceApi.listAll(this, flags);
  }
  nodeDeviceLookupByName(name: string): Promise<NodeDevice> {
    return nodeDeviceApi.lookupByName(this, name);
  }
  nodeDeviceLookupSCSIHostByWWN(wwnn: string, wwpn: string, flags = 0): Promise<NodeDevice> {
    return nodeDeviceApi.lookupSCSIHostByWWN(this, wwnn, wwpn, flags);
  }
  nodeDeviceCreateXML(xml: string, flags = 0): Promise<NodeDevice> {
    return nodeDeviceApi.createXML(this, xml, flags);
  }
  nodeDeviceDefineXML(xml: string, flags = 0): Promise<NodeDevice> {
    return nodeDeviceApi.defineXML(this, xml, flags);
  }
  // (events area) through api/events.ts: typed payloads and libvirt's argument checks
  nodeDeviceEventRegisterAny(dev: NodeDevice | null, eventID: number, cb: NodeDeviceEventCallback): Promise<number> {
    return eventApi.nodeDeviceRegisterAny(this, dev, eventID, cb);
  }
  nodeDeviceEventDeregisterAny(callbackID: number): Promise<void> {
    return eventApi.nodeDeviceDeregisterAny(this, callbackID);
  }

  // --- secrets (libvirt-secret.c; iface/nodedev area) ---
  numOfSecrets(): Promise<number> {
    return secretApi.numOfSecrets(this);
  }
  listSecrets(maxuuids: number): Promise<string[]> {
    return secretApi.listSecrets(this, maxuuids);
  }
  listAllSecrets(flags = 0): Promise<Secret[]> {
    return secretApi.listAll(this, flags);
  }
  secretLookupByUUIDString(uuid: string): Promise<Secret> {
    return secretApi.lookupByUUIDString(this, uuid);
  }
  secretLookupByUsage(usageType: number, usageID: string): Promise<Secret> {
    return secretApi.lookupByUsage(this, usageType, usageID);
  }
  secretDefineXML(xml: string, flags = 0): Promise<Secret> {
    return secretApi.defineXML(this, xml, flags);
  }
  // (events area) through api/events.ts: typed payloads and libvirt's argument checks
  secretEventRegisterAny(secret: Secret | null, eventID: number, cb: SecretEventCallback): Promise<number> {
    return eventApi.secretRegisterAny(this, secret, eventID, cb);
  }
  secretEventDeregisterAny(callbackID: number): Promise<void> {
    return eventApi.secretDeregisterAny(this, callbackID);
  }

  // --- network filters (libvirt-nwfilter.c; iface/nodedev area) ---
  numOfNWFilters(): Promise<number> {
    return nwfilterApi.numOfFilters(this);
  }
  listNWFilters(maxnames: number): Promise<string[]> {
    return nwfilterApi.listFilters(this, maxnames);
  }
  listAllNWFilters(flags = 0): Promise<NWFilter[]> {
    return nwfilterApi.listAll(this, flags);
  }
  nwfilterLookupByName(name: string): Promise<NWFilter> {
    return nwfilterApi.lookupByName(this, name);
  }
  nwfilterLookupByUUIDString(uuid: string): Promise<NWFilter> {
    return nwfilterApi.lookupByUUIDString(this, uuid);
  }
  nwfilterDefineXML(xml: string, flags = 0): Promise<NWFilter> {
    return nwfilterApi.defineXML(this, xml, flags);
  }
  listAllNWFilterBindings(flags = 0): Promise<NWFilterBinding[]> {
    return nwfilterApi.listAllBindings(this, flags);
  }
  nwfilterBindingLookupByPortDev(portdev: string): Promise<NWFilterBinding> {
    return nwfilterApi.bindingLookupByPortDev(this, portdev);
  }
  nwfilterBindingCreateXML(xml: string, flags = 0): Promise<NWFilterBinding> {
    return nwfilterApi.bindingCreateXML(this, xml, flags);
  }

  // --- networks (libvirt-network.c; network/storage area) ---
  listAllNetworks(flags = 0): Promise<Network[]> {
    return networkApi.listAll(this, flags);
  }
  numOfNetworks(): Promise<number> {
    return networkApi.numOfNetworks(this);
  }
  listNetworks(maxnames: number): Promise<string[]> {
    return networkApi.listNetworks(this, maxnames);
  }
  numOfDefinedNetworks(): Promise<number> {
    return networkApi.numOfDefinedNetworks(this);
  }
  listDefinedNetworks(maxnames: number): Promise<string[]> {
    return networkApi.listDefinedNetworks(this, maxnames);
  }
  networkLookupByName(name: string): Promise<Network> {
    return networkApi.lookupByName(this, name);
  }
  networkLookupByUUID(uuid: string): Promise<Network> {
    return networkApi.lookupByUUID(this, uuid);
  }
  networkLookupByUUIDString(uuid: string): Promise<Network> {
    return networkApi.lookupByUUIDString(this, uuid);
  }
  networkCreateXML(xml: string, flags = 0): Promise<Network> {
    return networkApi.createXML(this, xml, flags);
  }
  networkDefineXML(xml: string, flags = 0): Promise<Network> {
    return networkApi.defineXML(this, xml, flags);
  }

  // --- storage pools and volumes (libvirt-storage.c; network/storage area) ---
  listAllStoragePools(flags = 0): Promise<StoragePool[]> {
    return storageApi.listAllPools(this, flags);
  }
  numOfStoragePools(): Promise<number> {
    return storageApi.numOfPools(this);
  }
  listStoragePools(maxnames: number): Promise<string[]> {
    return storageApi.listPools(this, maxnames);
  }
  numOfDefinedStoragePools(): Promise<number> {
    return storageApi.numOfDefinedPools(this);
  }
  listDefinedStoragePools(maxnames: number): Promise<string[]> {
    return storageApi.listDefinedPools(this, maxnames);
  }
  findStoragePoolSources(type: string, srcSpec: string | null = null, flags = 0): Promise<string> {
    return storageApi.findPoolSources(this, type, srcSpec, flags);
  }
  getStoragePoolCapabilities(flags = 0): Promise<string> {
    return storageApi.getPoolCapabilities(this, flags);
  }
  storagePoolLookupByName(name: string): Promise<StoragePool> {
    return storageApi.lookupByName(this, name);
  }
  storagePoolLookupByUUID(uuid: string): Promise<StoragePool> {
    return storageApi.lookupByUUID(this, uuid);
  }
  storagePoolLookupByUUIDString(uuid: string): Promise<StoragePool> {
    return storageApi.lookupByUUIDString(this, uuid);
  }
  storagePoolLookupByVolume(vol: StorageVol): Promise<StoragePool> {
    return storageApi.lookupByVolume(vol);
  }
  storagePoolLookupByTargetPath(path: string): Promise<StoragePool> {
    return storageApi.lookupByTargetPath(this, path);
  }
  storagePoolCreateXML(xml: string, flags = 0): Promise<StoragePool> {
    return storageApi.createXML(this, xml, flags);
  }
  storagePoolDefineXML(xml: string, flags = 0): Promise<StoragePool> {
    return storageApi.defineXML(this, xml, flags);
  }
  storageVolLookupByKey(key: string): Promise<StorageVol> {
    return storageApi.volLookupByKey(this, key);
  }
  storageVolLookupByPath(path: string): Promise<StorageVol> {
    return storageApi.volLookupByPath(this, path);
  }

  // --- event callbacks (events area; api/events.ts) ---
  /** virConnectDomainEventRegisterAny: `cb` gets the domain and the event's typed payload; returns the callback ID. */
  domainEventRegisterAny<E extends DomainEventIDValue>(dom: Domain | null, eventID: E, cb: DomainEventCallback<E>): Promise<number> {
    return eventApi.domainRegisterAny(this, dom, eventID, cb);
  }
  domainEventDeregisterAny(callbackID: number): Promise<void> {
    return eventApi.domainDeregisterAny(this, callbackID);
  }
  /** virConnectDomainEventRegister: lifecycle events of every domain, deregistered by the same function. */
  domainEventRegister(cb: DomainEventCallback<0>): Promise<void> {
    return eventApi.domainRegister(this, cb);
  }
  domainEventDeregister(cb: DomainEventCallback<0>): Promise<void> {
    return eventApi.domainDeregister(this, cb);
  }
  networkEventRegisterAny(net: Network | null, eventID: number, cb: NetworkEventCallback): Promise<number> {
    return eventApi.networkRegisterAny(this, net, eventID, cb);
  }
  networkEventDeregisterAny(callbackID: number): Promise<void> {
    return eventApi.networkDeregisterAny(this, callbackID);
  }
  storagePoolEventRegisterAny(pool: StoragePool | null, eventID: number, cb: StoragePoolEventCallback): Promise<number> {
    return eventApi.storagePoolRegisterAny(this, pool, eventID, cb);
  }
  storagePoolEventDeregisterAny(callbackID: number): Promise<void> {
    return eventApi.storagePoolDeregisterAny(this, callbackID);
  }
}

/** libvirt's own version as virGetVersion reports it: 9.0.0 → 9000000. */
export const LIB_VERSION = 9_000_000;
