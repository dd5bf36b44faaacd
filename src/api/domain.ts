// virDomain: one domain seen through a connection (libvirt-domain.c).
import type { DomainRef } from '../driver/refs.js';
import type { DomainInfo, SecurityLabel, TypedParam } from '../driver/types.js';
import type { DomainBlockInfo, DomainBlockStats, DomainControlInfo, DomainDiskError, DomainFSInfo, DomainInterfaceAddrs, DomainInterfaceStats, DomainIOThreadInfo, DomainMemoryStat, VcpuInfo } from '../driver/types.js';
import type { HypervisorMethod } from '../driver/hypervisor.js';
import { invokeDriver } from './invoke.js';
import { ErrorDomain } from '../util/error.js';
import type { Connect } from './connect.js';
import { snapshotApi, type DomainSnapshot } from './domain-snapshot.js';
import { checkpointApi, type DomainCheckpoint } from './domain-checkpoint.js';
import { resolve } from 'node:path';
import { rawInvalidArg } from './arg-checks.js';
import { checkReadOnly } from './invoke.js';
import type { Stream } from './stream.js';

const FROM = ErrorDomain.Domain;

/** A save or dump path made absolute against the current directory, as libvirt does before calling a driver. */
export function resolvePath(p: string): string {
  return resolve(p);
}

export { saveFlagsExclusive } from './entry-checks.js';

type HvField = HypervisorMethod;

/** VIR_TYPED_PARAM_STRING_OKAY */
const TYPED_PARAM_STRING_OKAY = 4;

export class Domain {
  readonly conn: Connect;
  readonly ref: DomainRef;

  constructor(conn: Connect, ref: DomainRef) {
    this.conn = conn;
    this.ref = ref;
  }

  get name(): string {
    return this.ref.name;
  }
  get uuid(): string {
    return this.ref.uuid;
  }
  /** The id at lookup time (virDomainGetID); -1 when it was not running. */
  get id(): number {
    return this.ref.id;
  }

  /** For a call that changes the domain: read-only check first, as libvirt does. */
  #write(api: string): void {
    this.conn.checkWritable(api, FROM);
  }

  getInfo(): Promise<DomainInfo> {
    return this.conn.hv('domainGetInfo', 'virDomainGetInfo')(this.ref);
  }
  getState(flags = 0): Promise<{ state: number; reason: number }> {
    return this.conn.hv('domainGetState', 'virDomainGetState')(this.ref, flags);
  }
  getXMLDesc(flags = 0): Promise<string> {
    return this.#call('domainGetXMLDesc', 'virDomainGetXMLDesc', flags);
  }
  getOSType(): Promise<string> {
    return this.conn.hv('domainGetOSType', 'virDomainGetOSType')(this.ref);
  }
  isActive(): Promise<boolean> {
    return this.conn.hv('domainIsActive', 'virDomainIsActive')(this.ref);
  }
  isPersistent(): Promise<boolean> {
    return this.conn.hv('domainIsPersistent', 'virDomainIsPersistent')(this.ref);
  }
  getAutostart(): Promise<boolean> {
    return this.conn.hv('domainGetAutostart', 'virDomainGetAutostart')(this.ref);
  }
  async setAutostart(autostart: boolean): Promise<void> {
    this.#write('virDomainSetAutostart');
    await this.conn.hv('domainSetAutostart', 'virDomainSetAutostart')(this.ref, autostart);
  }
  // The flag-less public APIs call their own driver methods, as libvirt's do: through a daemon
  // that decides the procedure sent (DOMAIN_CREATE, not CREATE_WITH_FLAGS) and the API errors name.
  /** virDomainCreateWithFlags, or virDomainCreate when `flags` is 0. */
  async create(flags = 0): Promise<void> {
    const api = flags ? 'virDomainCreateWithFlags' : 'virDomainCreate';
    this.#write(api);
    const ref = flags ? await this.conn.hv('domainCreateWithFlags', api)(this.ref, flags) : await this.conn.hv('domainCreate', api)(this.ref);
    this.ref.id = ref.id;
  }
  /** virDomainCreateWithFiles: `files` are descriptors the guest inherits. */
  async createWithFiles(files: readonly number[], flags = 0): Promise<void> {
    this.#write('virDomainCreateWithFiles');
    const ref = await this.conn.hv('domainCreateWithFiles', 'virDomainCreateWithFiles')(this.ref, files, flags);
    this.ref.id = ref.id;
  }
  async destroy(flags = 0): Promise<void> {
    const api = flags ? 'virDomainDestroyFlags' : 'virDomainDestroy';
    this.#write(api);
    if (flags) await this.conn.hv('domainDestroyFlags', api)(this.ref, flags);
    else await this.conn.hv('domainDestroy', api)(this.ref);
    this.ref.id = -1;
  }
  async shutdown(flags = 0): Promise<void> {
    const api = flags ? 'virDomainShutdownFlags' : 'virDomainShutdown';
    this.#write(api);
    if (flags) await this.conn.hv('domainShutdownFlags', api)(this.ref, flags);
    else await this.conn.hv('domainShutdown', api)(this.ref);
  }
  async undefine(flags = 0): Promise<void> {
    const api = flags ? 'virDomainUndefineFlags' : 'virDomainUndefine';
    this.#write(api);
    if (flags) await this.conn.hv('domainUndefineFlags', api)(this.ref, flags);
    else await this.conn.hv('domainUndefine', api)(this.ref);
  }
  async suspend(): Promise<void> {
    this.#write('virDomainSuspend');
    await this.conn.hv('domainSuspend', 'virDomainSuspend')(this.ref);
  }
  async resume(): Promise<void> {
    this.#write('virDomainResume');
    await this.conn.hv('domainResume', 'virDomainResume')(this.ref);
  }

  // --- domain area: the rest of libvirt-domain.c the drivers implement ---
  /** Call a hypervisor method as public API `api`: read-only check, "not supported", then the driver. */
  #call<T>(field: HvField, api: string, ...args: unknown[]): Promise<T> {
    return invokeDriver(this.conn, 'hypervisor', field, api, [this.ref, ...args]) as Promise<T>;
  }

  async reboot(flags = 0): Promise<void> {
    await this.#call('domainReboot', 'virDomainReboot', flags);
  }
  async reset(flags = 0): Promise<void> {
    await this.#call('domainReset', 'virDomainReset', flags);
  }
  getMaxMemory(): Promise<bigint> {
    return this.#call('domainGetMaxMemory', 'virDomainGetMaxMemory');
  }
  isUpdated(): Promise<boolean> {
    return this.#call('domainIsUpdated', 'virDomainIsUpdated');
  }
  getSecurityLabel(): Promise<SecurityLabel> {
    return this.#call('domainGetSecurityLabel', 'virDomainGetSecurityLabel');
  }
  hasManagedSaveImage(flags = 0): Promise<boolean> {
    return this.#call('domainHasManagedSaveImage', 'virDomainHasManagedSaveImage', flags);
  }
  async managedSave(flags = 0): Promise<void> {
    await this.#call('domainManagedSave', 'virDomainManagedSave', flags);
  }
  async managedSaveRemove(flags = 0): Promise<void> {
    await this.#call('domainManagedSaveRemove', 'virDomainManagedSaveRemove', flags);
  }
  managedSaveGetXMLDesc(flags = 0): Promise<string> {
    return this.#call('domainManagedSaveGetXMLDesc', 'virDomainManagedSaveGetXMLDesc', flags);
  }
  async managedSaveDefineXML(dxml: string, flags = 0): Promise<void> {
    await this.#call('domainManagedSaveDefineXML', 'virDomainManagedSaveDefineXML', dxml, flags);
  }
  /** virDomainGetXMLDesc (its secure-flag refusal is in entry-checks.ts, as for every caller). */
  getXMLDescChecked(flags = 0): Promise<string> {
    return this.getXMLDesc(flags);
  }
  async save(to: string, dxml: string | null = null, flags = 0): Promise<void> {
    const api = flags || dxml !== null ? 'virDomainSaveFlags' : 'virDomainSave';
    // virDomainSave has no flags; virDomainSaveFlags's are checked in entry-checks.ts.
    if (api === 'virDomainSave') await this.#call('domainSave', api, resolvePath(to));
    else await this.#call('domainSaveFlags', api, resolvePath(to), dxml, flags);
    this.ref.id = -1;
  }
  /** virDomainCoreDump (raw format) or virDomainCoreDumpWithFormat. */
  async coreDump(to: string, dumpformat: number | null = null, flags = 0): Promise<void> {
    const api = dumpformat === null ? 'virDomainCoreDump' : 'virDomainCoreDumpWithFormat';
    if (dumpformat === null) await this.#call('domainCoreDump', api, resolvePath(to), flags);
    else await this.#call('domainCoreDumpWithFormat', api, resolvePath(to), dumpformat, flags);
  }
  getSchedulerType(): Promise<{ type: string; nparams: number }> {
    return this.#call('domainGetSchedulerType', 'virDomainGetSchedulerType');
  }
  /** virDomainGetSchedulerParameters (no flags). */
  getSchedulerParameters(): Promise<TypedParam[]> {
    return this.#call('domainGetSchedulerParameters', 'virDomainGetSchedulerParameters');
  }
  /** virDomainGetSchedulerParametersFlags: libvirt adds VIR_TYPED_PARAM_STRING_OKAY for drivers that take string parameters. */
  getSchedulerParametersFlags(flags = 0): Promise<TypedParam[]> {
    return this.#call('domainGetSchedulerParametersFlags', 'virDomainGetSchedulerParametersFlags', flags | TYPED_PARAM_STRING_OKAY);
  }
  async setSchedulerParameters(params: TypedParam[]): Promise<void> {
    await this.#call('domainSetSchedulerParameters', 'virDomainSetSchedulerParameters', params);
  }
  async setSchedulerParametersFlags(params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetSchedulerParametersFlags', 'virDomainSetSchedulerParametersFlags', params, flags);
  }
  /** virDomainUndefineFlags, even with no flags (virsh calls it so). */
  async undefineFlags(flags = 0): Promise<void> {
    await this.#call('domainUndefineFlags', 'virDomainUndefineFlags', flags);
  }
  getMaxVcpus(): Promise<number> {
    return this.#call('domainGetMaxVcpus', 'virDomainGetMaxVcpus');
  }
  getVcpusFlags(flags = 0): Promise<number> {
    return this.#call('domainGetVcpusFlags', 'virDomainGetVcpusFlags', flags);
  }
  /**
   * virDomainSetVcpusFlags, or virDomainSetVcpus when `flags` is null: the test driver's flag-less
   * one acts on the live domain, the Flags one with 0 on the current one.
   */
  async setVcpus(nvcpus: number, flags: number | null = null): Promise<void> {
    const api = flags === null ? 'virDomainSetVcpus' : 'virDomainSetVcpusFlags';
    if (flags === null) await this.#call('domainSetVcpus', api, nvcpus);
    else await this.#call('domainSetVcpusFlags', api, nvcpus, flags);
  }
  getVcpus(maxinfo: number, maplen: number): Promise<{ info: VcpuInfo[]; cpumaps: Uint8Array[] }> {
    return this.#call('domainGetVcpus', 'virDomainGetVcpus', maxinfo, maplen);
  }
  /** virDomainPinVcpuFlags, or virDomainPinVcpu when `flags` is null. */
  async pinVcpu(vcpu: number, cpumap: Uint8Array, flags: number | null = 0): Promise<void> {
    const api = flags === null ? 'virDomainPinVcpu' : 'virDomainPinVcpuFlags';
    if (flags === null) await this.#call('domainPinVcpu', api, vcpu, cpumap);
    else await this.#call('domainPinVcpuFlags', api, vcpu, cpumap, flags);
  }
  async getVcpuPinInfo(ncpumaps: number, maplen: number, flags = 0): Promise<Uint8Array[]> {
    return this.#call('domainGetVcpuPinInfo', 'virDomainGetVcpuPinInfo', ncpumaps, maplen, flags);
  }
  async pinEmulator(cpumap: Uint8Array, flags = 0): Promise<void> {
    await this.#call('domainPinEmulator', 'virDomainPinEmulator', cpumap, flags);
  }
  async getEmulatorPinInfo(maplen: number, flags = 0): Promise<Uint8Array> {
    return this.#call('domainGetEmulatorPinInfo', 'virDomainGetEmulatorPinInfo', maplen, flags);
  }
  async setVcpu(vcpumap: string, state: number, flags = 0): Promise<void> {
    await this.#call('domainSetVcpu', 'virDomainSetVcpu', vcpumap, state, flags);
  }
  getGuestVcpus(flags = 0): Promise<TypedParam[]> {
    return this.#call('domainGetGuestVcpus', 'virDomainGetGuestVcpus', flags);
  }
  async setGuestVcpus(cpumap: string, state: number, flags = 0): Promise<void> {
    await this.#call('domainSetGuestVcpus', 'virDomainSetGuestVcpus', cpumap, state, flags);
  }
  async setMaxMemory(kib: bigint): Promise<void> {
    await this.#call('domainSetMaxMemory', 'virDomainSetMaxMemory', kib);
  }
  /** virDomainSetMemoryFlags (virsh's setmem, even with no flags), or virDomainSetMemory when `flags` is null. */
  async setMemory(kib: bigint, flags: number | null = null): Promise<void> {
    const api = flags === null ? 'virDomainSetMemory' : 'virDomainSetMemoryFlags';
    if (flags === null) await this.#call('domainSetMemory', api, kib);
    else await this.#call('domainSetMemoryFlags', api, kib, flags);
  }
  async setMemoryStatsPeriod(period: number, flags = 0): Promise<void> {
    await this.#call('domainSetMemoryStatsPeriod', 'virDomainSetMemoryStatsPeriod', period, flags);
  }
  memoryStats(nrStats: number, flags = 0): Promise<DomainMemoryStat[]> {
    return this.#call('domainMemoryStats', 'virDomainMemoryStats', nrStats, flags);
  }
  blockStats(path: string): Promise<DomainBlockStats> {
    return this.#call('domainBlockStats', 'virDomainBlockStats', path);
  }
  blockStatsFlags(path: string, nparams: number, flags = 0): Promise<{ params: TypedParam[]; nparams: number }> {
    return this.#call('domainBlockStatsFlags', 'virDomainBlockStatsFlags', path, nparams, flags);
  }
  interfaceStats(device: string): Promise<DomainInterfaceStats> {
    return this.#call('domainInterfaceStats', 'virDomainInterfaceStats', device);
  }
  getBlockInfo(path: string, flags = 0): Promise<DomainBlockInfo> {
    return this.#call('domainGetBlockInfo', 'virDomainGetBlockInfo', path, flags);
  }
  getHostname(flags = 0): Promise<string> {
    return this.#call('domainGetHostname', 'virDomainGetHostname', flags);
  }
  getTime(flags = 0): Promise<{ seconds: bigint; nseconds: number }> {
    return this.#call('domainGetTime', 'virDomainGetTime', flags);
  }
  async setTime(seconds: bigint, nseconds: number, flags = 0): Promise<void> {
    await this.#call('domainSetTime', 'virDomainSetTime', seconds, nseconds, flags);
  }
  getControlInfo(flags = 0): Promise<DomainControlInfo> {
    return this.#call('domainGetControlInfo', 'virDomainGetControlInfo', flags);
  }
  getMetadata(type: number, uri: string | null, flags = 0): Promise<string> {
    return this.#call('domainGetMetadata', 'virDomainGetMetadata', type, uri, flags);
  }
  async setMetadata(type: number, metadata: string | null, key: string | null, uri: string | null, flags = 0): Promise<void> {
    await this.#call('domainSetMetadata', 'virDomainSetMetadata', type, metadata, key, uri, flags);
  }
  /** virDomainScreenshot: the image flows into `stream`; the MIME type is returned. */
  async screenshot(stream: Stream, screen: number, flags = 0): Promise<string> {
    const api = 'virDomainScreenshot';
    checkReadOnly(this.conn, api);
    // Stays here rather than in entry-checks.ts: the stream is not a driver argument, and over the
    // wire the daemon makes the stream on the caller's own connection, so they cannot differ.
    if (stream.conn !== this.conn) throw rawInvalidArg(api, 'stream', `stream must match connection of domain '${this.name}'`, FROM);
    const { mime, data } = await this.#call<{ mime: string; data: Uint8Array }>('domainScreenshot', api, screen, flags);
    stream.push(data);
    stream.end();
    return mime;
  }
  async sendKey(codeset: number, holdtime: number, keycodes: number[], flags = 0): Promise<void> {
    await this.#call('domainSendKey', 'virDomainSendKey', codeset, holdtime, keycodes, flags);
  }
  async injectNMI(flags = 0): Promise<void> {
    await this.#call('domainInjectNMI', 'virDomainInjectNMI', flags);
  }
  async sendProcessSignal(pid: bigint, signum: number, flags = 0): Promise<void> {
    await this.#call('domainSendProcessSignal', 'virDomainSendProcessSignal', pid, signum, flags);
  }
  getDiskErrors(maxerrors: number, flags = 0): Promise<DomainDiskError[]> {
    return this.#call('domainGetDiskErrors', 'virDomainGetDiskErrors', maxerrors, flags);
  }
  getFSInfo(flags = 0): Promise<DomainFSInfo[]> {
    return this.#call('domainGetFSInfo', 'virDomainGetFSInfo', flags);
  }
  fsFreeze(mountpoints: string[], flags = 0): Promise<number> {
    return this.#call('domainFSFreeze', 'virDomainFSFreeze', mountpoints, flags);
  }
  fsThaw(mountpoints: string[], flags = 0): Promise<number> {
    return this.#call('domainFSThaw', 'virDomainFSThaw', mountpoints, flags);
  }
  async fsTrim(mountPoint: string | null, minimum: bigint, flags = 0): Promise<void> {
    await this.#call('domainFSTrim', 'virDomainFSTrim', mountPoint, minimum, flags);
  }
  getPerfEvents(flags = 0): Promise<TypedParam[]> {
    return this.#call('domainGetPerfEvents', 'virDomainGetPerfEvents', flags);
  }
  async setPerfEvents(params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetPerfEvents', 'virDomainSetPerfEvents', params, flags);
  }
  async getMemoryParameters(nparams: number, flags = 0): Promise<{ params: TypedParam[]; nparams: number }> {
    return this.#call('domainGetMemoryParameters', 'virDomainGetMemoryParameters', nparams, flags | TYPED_PARAM_STRING_OKAY);
  }
  async setMemoryParameters(params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetMemoryParameters', 'virDomainSetMemoryParameters', params, flags);
  }
  getNumaParameters(nparams: number, flags = 0): Promise<{ params: TypedParam[]; nparams: number }> {
    return this.#call('domainGetNumaParameters', 'virDomainGetNumaParameters', nparams, flags | TYPED_PARAM_STRING_OKAY);
  }
  async setNumaParameters(params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetNumaParameters', 'virDomainSetNumaParameters', params, flags);
  }
  async getBlkioParameters(nparams: number, flags = 0): Promise<{ params: TypedParam[]; nparams: number }> {
    return this.#call('domainGetBlkioParameters', 'virDomainGetBlkioParameters', nparams, flags | TYPED_PARAM_STRING_OKAY);
  }
  async setBlkioParameters(params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetBlkioParameters', 'virDomainSetBlkioParameters', params, flags);
  }
  getInterfaceParameters(device: string, nparams: number, flags = 0): Promise<{ params: TypedParam[]; nparams: number }> {
    return this.#call('domainGetInterfaceParameters', 'virDomainGetInterfaceParameters', device, nparams, flags | TYPED_PARAM_STRING_OKAY);
  }
  async setInterfaceParameters(device: string, params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetInterfaceParameters', 'virDomainSetInterfaceParameters', device, params, flags);
  }
  async getBlockIoTune(disk: string | null, nparams: number, flags = 0): Promise<{ params: TypedParam[]; nparams: number }> {
    return this.#call('domainGetBlockIoTune', 'virDomainGetBlockIoTune', disk, nparams, flags | TYPED_PARAM_STRING_OKAY);
  }
  async setBlockIoTune(disk: string, params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetBlockIoTune', 'virDomainSetBlockIoTune', disk, params, flags);
  }
  getCPUStats(nparams: number, startCpu: number, ncpus: number, flags = 0): Promise<{ params: TypedParam[]; nparams: number }> {
    return this.#call('domainGetCPUStats', 'virDomainGetCPUStats', nparams, startCpu, ncpus, flags);
  }
  async getIOThreadInfo(flags = 0): Promise<DomainIOThreadInfo[]> {
    return this.#call('domainGetIOThreadInfo', 'virDomainGetIOThreadInfo', flags);
  }
  async addIOThread(id: number, flags = 0): Promise<void> {
    await this.#call('domainAddIOThread', 'virDomainAddIOThread', id, flags);
  }
  async delIOThread(id: number, flags = 0): Promise<void> {
    await this.#call('domainDelIOThread', 'virDomainDelIOThread', id, flags);
  }
  async pinIOThread(id: number, cpumap: Uint8Array, flags = 0): Promise<void> {
    await this.#call('domainPinIOThread', 'virDomainPinIOThread', id, cpumap, flags);
  }
  async setIOThreadParams(id: number, params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetIOThreadParams', 'virDomainSetIOThreadParams', id, params, flags);
  }
  async rename(newName: string, flags = 0): Promise<void> {
    await this.#call('domainRename', 'virDomainRename', newName, flags);
    this.ref.name = newName;
  }
  async setLifecycleAction(type: number, action: number, flags = 0): Promise<void> {
    await this.#call('domainSetLifecycleAction', 'virDomainSetLifecycleAction', type, action, flags);
  }
  async setUserPassword(user: string, password: string, flags = 0): Promise<void> {
    await this.#call('domainSetUserPassword', 'virDomainSetUserPassword', user, password, flags);
  }
  interfaceAddresses(source: number, flags = 0): Promise<DomainInterfaceAddrs[]> {
    return this.#call('domainInterfaceAddresses', 'virDomainInterfaceAddresses', source, flags);
  }
  memoryPeek(start: bigint, size: number, flags = 0): Promise<Uint8Array> {
    return this.#call('domainMemoryPeek', 'virDomainMemoryPeek', start, size, flags);
  }
  /** libvirt adds VIR_TYPED_PARAM_STRING_OKAY, which the test driver then refuses. */
  getLaunchSecurityInfo(flags = 0): Promise<TypedParam[]> {
    return this.#call('domainGetLaunchSecurityInfo', 'virDomainGetLaunchSecurityInfo', flags | TYPED_PARAM_STRING_OKAY);
  }
  getMessages(flags = 0): Promise<string[]> {
    return this.#call('domainGetMessages', 'virDomainGetMessages', flags);
  }

  // (domain area) device hotplug, block jobs, migration and guest-agent entry points. The test
  // driver offers none of them; these give libvirt's "not supported" under the right API name.
  /** virDomainAttachDeviceFlags, or virDomainAttachDevice (its own driver method) when `flags` is null. */
  async attachDevice(xml: string, flags: number | null = null): Promise<void> {
    if (flags === null) await this.#call('domainAttachDevice', 'virDomainAttachDevice', xml);
    else await this.#call('domainAttachDeviceFlags', 'virDomainAttachDeviceFlags', xml, flags);
  }
  /** virDomainDetachDeviceFlags, or virDomainDetachDevice (its own driver method) when `flags` is null. */
  async detachDevice(xml: string, flags: number | null = null): Promise<void> {
    if (flags === null) await this.#call('domainDetachDevice', 'virDomainDetachDevice', xml);
    else await this.#call('domainDetachDeviceFlags', 'virDomainDetachDeviceFlags', xml, flags);
  }
  async updateDeviceFlags(xml: string, flags = 0): Promise<void> {
    await this.#call('domainUpdateDeviceFlags', 'virDomainUpdateDeviceFlags', xml, flags);
  }
  async detachDeviceAlias(alias: string, flags = 0): Promise<void> {
    await this.#call('domainDetachDeviceAlias', 'virDomainDetachDeviceAlias', alias, flags);
  }
  async blockCommit(disk: string, base: string | null, top: string | null, bandwidth: bigint, flags = 0): Promise<void> {
    await this.#call('domainBlockCommit', 'virDomainBlockCommit', disk, base, top, bandwidth, flags);
  }
  async blockCopy(disk: string, destxml: string, params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainBlockCopy', 'virDomainBlockCopy', disk, destxml, params, flags);
  }
  async blockRebase(disk: string, base: string | null, bandwidth: bigint, flags = 0): Promise<void> {
    await this.#call('domainBlockRebase', 'virDomainBlockRebase', disk, base, bandwidth, flags);
  }
  async blockPull(disk: string, bandwidth: bigint, flags = 0): Promise<void> {
    await this.#call('domainBlockPull', 'virDomainBlockPull', disk, bandwidth, flags);
  }
  async blockJobAbort(disk: string, flags = 0): Promise<void> {
    await this.#call('domainBlockJobAbort', 'virDomainBlockJobAbort', disk, flags);
  }
  async blockJobSetSpeed(disk: string, bandwidth: bigint, flags = 0): Promise<void> {
    await this.#call('domainBlockJobSetSpeed', 'virDomainBlockJobSetSpeed', disk, bandwidth, flags);
  }
  getBlockJobInfo(disk: string, flags = 0): Promise<{ type: number; bandwidth: bigint; cur: bigint; end: bigint } | null> {
    return this.#call('domainGetBlockJobInfo', 'virDomainGetBlockJobInfo', disk, flags);
  }
  async blockResize(disk: string, size: bigint, flags = 0): Promise<void> {
    await this.#call('domainBlockResize', 'virDomainBlockResize', disk, size, flags);
  }
  async setBlockThreshold(dev: string, threshold: bigint, flags = 0): Promise<void> {
    await this.#call('domainSetBlockThreshold', 'virDomainSetBlockThreshold', dev, threshold, flags);
  }
  getJobInfo(): Promise<{ type: number }> {
    return this.#call('domainGetJobInfo', 'virDomainGetJobInfo');
  }
  getJobStats(flags = 0): Promise<{ type: number; params: TypedParam[] }> {
    return this.#call('domainGetJobStats', 'virDomainGetJobStats', flags);
  }
  /** virDomainAbortJob, or virDomainAbortJobFlags when flags are given. */
  /** virDomainBackupBegin: start a push or pull backup described by `backupXml`. */
  async backupBegin(backupXml: string, checkpointXml: string | null = null, flags = 0): Promise<void> {
    await this.#call('domainBackupBegin', 'virDomainBackupBegin', backupXml, checkpointXml, flags);
  }
  /** virDomainBackupGetXMLDesc: the running backup job's XML. */
  backupGetXMLDesc(flags = 0): Promise<string> {
    return this.#call('domainBackupGetXMLDesc', 'virDomainBackupGetXMLDesc', flags);
  }
  async abortJob(flags = 0): Promise<void> {
    if (flags === 0) await this.#call('domainAbortJob', 'virDomainAbortJob');
    else await this.#call('domainAbortJobFlags', 'virDomainAbortJobFlags', flags);
  }
  async pmSuspendForDuration(target: number, duration: bigint, flags = 0): Promise<void> {
    await this.#call('domainPMSuspendForDuration', 'virDomainPMSuspendForDuration', target, duration, flags);
  }
  async pmWakeup(flags = 0): Promise<void> {
    await this.#call('domainPMWakeup', 'virDomainPMWakeup', flags);
  }
  authorizedSSHKeysGet(user: string, flags = 0): Promise<string[]> {
    return this.#call('domainAuthorizedSSHKeysGet', 'virDomainAuthorizedSSHKeysGet', user, flags);
  }
  async authorizedSSHKeysSet(user: string, keys: string[], flags = 0): Promise<void> {
    await this.#call('domainAuthorizedSSHKeysSet', 'virDomainAuthorizedSSHKeysSet', user, keys, flags);
  }
  async migrateSetMaxDowntime(downtime: bigint, flags = 0): Promise<void> {
    await this.#call('domainMigrateSetMaxDowntime', 'virDomainMigrateSetMaxDowntime', downtime, flags);
  }
  migrateGetMaxDowntime(flags = 0): Promise<bigint> {
    return this.#call('domainMigrateGetMaxDowntime', 'virDomainMigrateGetMaxDowntime', flags);
  }
  migrateGetCompressionCache(flags = 0): Promise<bigint> {
    return this.#call('domainMigrateGetCompressionCache', 'virDomainMigrateGetCompressionCache', flags);
  }
  async migrateSetCompressionCache(size: bigint, flags = 0): Promise<void> {
    await this.#call('domainMigrateSetCompressionCache', 'virDomainMigrateSetCompressionCache', size, flags);
  }
  async migrateSetMaxSpeed(bandwidth: bigint, flags = 0): Promise<void> {
    await this.#call('domainMigrateSetMaxSpeed', 'virDomainMigrateSetMaxSpeed', bandwidth, flags);
  }
  migrateGetMaxSpeed(flags = 0): Promise<bigint> {
    return this.#call('domainMigrateGetMaxSpeed', 'virDomainMigrateGetMaxSpeed', flags);
  }
  async migrateStartPostCopy(flags = 0): Promise<void> {
    await this.#call('domainMigrateStartPostCopy', 'virDomainMigrateStartPostCopy', flags);
  }
  async agentSetResponseTimeout(timeout: number, flags = 0): Promise<void> {
    await this.#call('domainAgentSetResponseTimeout', 'virDomainAgentSetResponseTimeout', timeout, flags);
  }
  getGuestInfo(types: number, flags = 0): Promise<TypedParam[]> {
    return this.#call('domainGetGuestInfo', 'virDomainGetGuestInfo', types, flags);
  }
  async startDirtyRateCalc(seconds: number, flags = 0): Promise<void> {
    await this.#call('domainStartDirtyRateCalc', 'virDomainStartDirtyRateCalc', seconds, flags);
  }
  async fdAssociate(name: string, fds: number[], flags = 0): Promise<void> {
    await this.#call('domainFDAssociate', 'virDomainFDAssociate', name, fds, flags);
  }
  async setLaunchSecurityState(params: TypedParam[], flags = 0): Promise<void> {
    await this.#call('domainSetLaunchSecurityState', 'virDomainSetLaunchSecurityState', params, flags);
  }
  qemuMonitorCommand(cmd: string, flags = 0): Promise<string> {
    return this.#call('domainQemuMonitorCommand', 'virDomainQemuMonitorCommand', cmd, flags);
  }
  qemuAgentCommand(cmd: string, timeout: number, flags = 0): Promise<string> {
    return this.#call('domainQemuAgentCommand', 'virDomainQemuAgentCommand', cmd, timeout, flags);
  }
  lxcOpenNamespace(flags = 0): Promise<number[]> {
    return this.#call('domainLxcOpenNamespace', 'virDomainLxcOpenNamespace', flags);
  }

  // --- snapshots (snapshot area; libvirt-domain-snapshot.c) ---
  snapshotCreateXML(xml: string, flags = 0): Promise<DomainSnapshot> {
    return snapshotApi(this).createXML(xml, flags);
  }
  snapshotNum(flags = 0): Promise<number> {
    return snapshotApi(this).num(flags);
  }
  snapshotListNames(maxnames: number, flags = 0): Promise<string[]> {
    return snapshotApi(this).listNames(maxnames, flags);
  }
  listAllSnapshots(flags = 0): Promise<DomainSnapshot[]> {
    return snapshotApi(this).listAll(flags);
  }
  snapshotLookupByName(name: string, flags = 0): Promise<DomainSnapshot> {
    return snapshotApi(this).lookupByName(name, flags);
  }
  hasCurrentSnapshot(flags = 0): Promise<boolean> {
    return snapshotApi(this).hasCurrent(flags);
  }
  snapshotCurrent(flags = 0): Promise<DomainSnapshot> {
    return snapshotApi(this).current(flags);
  }

  // --- checkpoints (checkpoint area; libvirt-domain-checkpoint.c) ---
  checkpointCreateXML(xml: string, flags = 0): Promise<DomainCheckpoint> {
    return checkpointApi(this).createXML(xml, flags);
  }
  listAllCheckpoints(flags = 0): Promise<DomainCheckpoint[]> {
    return checkpointApi(this).listAll(flags);
  }
  checkpointLookupByName(name: string, flags = 0): Promise<DomainCheckpoint> {
    return checkpointApi(this).lookupByName(name, flags);
  }
}
