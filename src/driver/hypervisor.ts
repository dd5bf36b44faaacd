// The hypervisor driver interface (libvirt's virHypervisorDriver, src/driver-hypervisor.h).
//
// Conventions, shared by every driver interface in this folder:
// - A method is named exactly as libvirt's driver-table field (connectGetType, domainGetInfo, …),
//   so the API name (virDomainGetInfo), the remote procedure (REMOTE_PROC_DOMAIN_GET_INFO) and the
//   support matrix all follow from it.
// - Arguments are libvirt's, in order, without the connection and without out-parameters; objects
//   are passed as refs (refs.ts). Results are returned; failures are thrown as VirError.
// - Every method is optional: a driver offers what it supports and the API layer turns a missing
//   method into VIR_ERR_NO_SUPPORT.
import type { DomainCheckpointRef, DomainRef, DomainSnapshotRef, NodeDeviceRef } from './refs.js';
import type { DomainInfo, NodeCPUMap, NodeInfo, NodeStat, SecurityLabel, SecurityModel, TypedParam } from './types.js';
import type { ObjectEventCallback } from './events.js'; // events area
import type { DomainBlockInfo, DomainBlockStats, DomainControlInfo, DomainDiskError, DomainFSInfo, DomainInterfaceAddrs, DomainInterfaceStats, DomainIOThreadInfo, DomainMemoryStat, DomainStatsRecord, VcpuInfo } from './types.js';

/** What a driver calls when its connection closes, with libvirt's virConnectCloseReason number. */
export type ConnectCloseCallback = (reason: number) => void;

export interface HypervisorDriver {
  readonly name: string;

  connectClose?(): Promise<void>;
  connectGetType?(): Promise<string>;
  connectGetVersion?(): Promise<number>;
  connectGetLibVersion?(): Promise<number>;
  connectGetHostname?(): Promise<string>;
  connectGetURI?(): Promise<string>;
  connectGetSysinfo?(flags: number): Promise<string>;
  connectGetMaxVcpus?(type: string | null): Promise<number>;
  connectGetCapabilities?(): Promise<string>;
  connectIsEncrypted?(): Promise<boolean>;
  connectIsSecure?(): Promise<boolean>;
  connectIsAlive?(): Promise<boolean>;
  /** 0 when keepalive is started (or stopped by interval <= 0), 1 when the peer cannot do it. */
  connectSetKeepAlive?(interval: number, count: number): Promise<number>;
  connectSupportsFeature?(feature: number): Promise<boolean>;
  // close callbacks (close area): at most one per connection, told once why the link went away
  // (libvirt's virConnectCloseReason); unregistering names the callback registered.
  connectRegisterCloseCallback?(cb: ConnectCloseCallback): Promise<void>;
  connectUnregisterCloseCallback?(cb: ConnectCloseCallback): Promise<void>;
  connectNumOfDomains?(): Promise<number>;
  connectListDomains?(maxids: number): Promise<number[]>;
  connectNumOfDefinedDomains?(): Promise<number>;
  connectListDefinedDomains?(maxnames: number): Promise<string[]>;
  connectListAllDomains?(flags: number): Promise<DomainRef[]>;
  connectDomainXMLFromNative?(format: string, config: string, flags: number): Promise<string>;
  connectDomainXMLToNative?(format: string, xml: string, flags: number): Promise<string>;

  nodeGetInfo?(): Promise<NodeInfo>;
  nodeGetCellsFreeMemory?(startCell: number, maxCells: number): Promise<bigint[]>;
  nodeGetFreeMemory?(): Promise<bigint>;
  nodeGetSecurityModel?(): Promise<SecurityModel>;

  domainLookupByID?(id: number): Promise<DomainRef>;
  domainLookupByUUID?(uuid: string): Promise<DomainRef>;
  domainLookupByName?(name: string): Promise<DomainRef>;
  domainCreateXML?(xml: string, flags: number): Promise<DomainRef>;
  domainDefineXMLFlags?(xml: string, flags: number): Promise<DomainRef>;
  domainUndefineFlags?(dom: DomainRef, flags: number): Promise<void>;
  domainCreateWithFlags?(dom: DomainRef, flags: number): Promise<DomainRef>;
  /**
   * The flag-less twins libvirt keeps in its table beside the Flags forms: the flag-less public
   * APIs (virDomainCreate, virDomainDefineXML…) call these, so a daemon gets their own procedures.
   */
  domainDefineXML?(xml: string): Promise<DomainRef>;
  domainUndefine?(dom: DomainRef): Promise<void>;
  domainCreate?(dom: DomainRef): Promise<DomainRef>;
  domainShutdown?(dom: DomainRef): Promise<void>;
  domainDestroy?(dom: DomainRef): Promise<void>;
  /** `files` are file descriptors handed to the guest (passed over the socket by the remote driver). */
  domainCreateXMLWithFiles?(xml: string, files: readonly number[], flags: number): Promise<DomainRef>;
  domainCreateWithFiles?(dom: DomainRef, files: readonly number[], flags: number): Promise<DomainRef>;
  domainShutdownFlags?(dom: DomainRef, flags: number): Promise<void>;
  domainReboot?(dom: DomainRef, flags: number): Promise<void>;
  domainReset?(dom: DomainRef, flags: number): Promise<void>;
  domainDestroyFlags?(dom: DomainRef, flags: number): Promise<void>;
  domainSuspend?(dom: DomainRef): Promise<void>;
  domainResume?(dom: DomainRef): Promise<void>;
  domainGetInfo?(dom: DomainRef): Promise<DomainInfo>;
  domainGetState?(dom: DomainRef, flags: number): Promise<{ state: number; reason: number }>;
  domainGetXMLDesc?(dom: DomainRef, flags: number): Promise<string>;
  domainGetOSType?(dom: DomainRef): Promise<string>;
  domainGetMaxMemory?(dom: DomainRef): Promise<bigint>;
  domainIsActive?(dom: DomainRef): Promise<boolean>;
  domainIsPersistent?(dom: DomainRef): Promise<boolean>;
  domainIsUpdated?(dom: DomainRef): Promise<boolean>;
  domainGetAutostart?(dom: DomainRef): Promise<boolean>;
  domainSetAutostart?(dom: DomainRef, autostart: boolean): Promise<void>;
  domainGetSecurityLabel?(dom: DomainRef): Promise<SecurityLabel>;
  domainHasManagedSaveImage?(dom: DomainRef, flags: number): Promise<boolean>;
  domainGetSchedulerType?(dom: DomainRef): Promise<{ type: string; nparams: number }>;
  domainGetSchedulerParametersFlags?(dom: DomainRef, flags: number): Promise<TypedParam[]>;
  domainSetSchedulerParametersFlags?(dom: DomainRef, params: TypedParam[], flags: number): Promise<void>;
  /** The flag-less twins libvirt keeps in its table: virDomain{Get,Set}SchedulerParameters call them. */
  domainGetSchedulerParameters?(dom: DomainRef): Promise<TypedParam[]>;
  domainSetSchedulerParameters?(dom: DomainRef, params: TypedParam[]): Promise<void>;

  domainSnapshotLookupByName?(dom: DomainRef, name: string, flags: number): Promise<DomainSnapshotRef>;

  // --- host and node queries (host area) ---
  /** With nparams 0, only the count is returned (params empty), as libvirt's two-call pattern. */
  nodeGetCPUStats?(cpuNum: number, nparams: number, flags: number): Promise<{ params: NodeStat[]; nparams: number }>;
  nodeGetMemoryStats?(cellNum: number, nparams: number, flags: number): Promise<{ params: NodeStat[]; nparams: number }>;
  /** Counts per cell, cell-major: counts[cell * pages.length + page]. */
  nodeGetFreePages?(pages: number[], startCell: number, cellCount: number, flags: number): Promise<bigint[]>;
  nodeAllocPages?(pageSizes: number[], pageCounts: bigint[], startCell: number, cellCount: number, flags: number): Promise<number>;
  nodeGetCPUMap?(flags: number): Promise<NodeCPUMap>;
  nodeSuspendForDuration?(target: number, duration: bigint, flags: number): Promise<void>;
  nodeGetMemoryParameters?(nparams: number, flags: number): Promise<{ params: TypedParam[]; nparams: number }>;
  nodeSetMemoryParameters?(params: TypedParam[], flags: number): Promise<void>;
  nodeGetSEVInfo?(flags: number): Promise<TypedParam[]>;
  connectGetCPUModelNames?(arch: string, flags: number): Promise<string[]>;
  connectCompareCPU?(xmlDesc: string, flags: number): Promise<number>;
  connectBaselineCPU?(xmlCPUs: string[], flags: number): Promise<string>;
  connectGetDomainCapabilities?(emulatorbin: string | null, arch: string | null, machine: string | null, virttype: string | null, flags: number): Promise<string>;
  connectCompareHypervisorCPU?(emulator: string | null, arch: string | null, machine: string | null, virttype: string | null, xmlCPU: string, flags: number): Promise<number>;
  connectBaselineHypervisorCPU?(emulator: string | null, arch: string | null, machine: string | null, virttype: string | null, xmlCPUs: string[], flags: number): Promise<string>;

  // --- domain snapshots (snapshot area) ---
  domainSnapshotCreateXML?(dom: DomainRef, xmlDesc: string, flags: number): Promise<DomainSnapshotRef>;
  domainSnapshotGetXMLDesc?(snap: DomainSnapshotRef, flags: number): Promise<string>;
  domainSnapshotNum?(dom: DomainRef, flags: number): Promise<number>;
  domainSnapshotListNames?(dom: DomainRef, maxnames: number, flags: number): Promise<string[]>;
  domainListAllSnapshots?(dom: DomainRef, flags: number): Promise<DomainSnapshotRef[]>;
  domainSnapshotNumChildren?(snap: DomainSnapshotRef, flags: number): Promise<number>;
  domainSnapshotListChildrenNames?(snap: DomainSnapshotRef, maxnames: number, flags: number): Promise<string[]>;
  domainSnapshotListAllChildren?(snap: DomainSnapshotRef, flags: number): Promise<DomainSnapshotRef[]>;
  domainHasCurrentSnapshot?(dom: DomainRef, flags: number): Promise<boolean>;
  domainSnapshotGetParent?(snap: DomainSnapshotRef, flags: number): Promise<DomainSnapshotRef>;
  domainSnapshotCurrent?(dom: DomainRef, flags: number): Promise<DomainSnapshotRef>;
  domainSnapshotIsCurrent?(snap: DomainSnapshotRef, flags: number): Promise<boolean>;
  domainSnapshotHasMetadata?(snap: DomainSnapshotRef, flags: number): Promise<boolean>;
  domainRevertToSnapshot?(snap: DomainSnapshotRef, flags: number): Promise<void>;
  domainSnapshotDelete?(snap: DomainSnapshotRef, flags: number): Promise<void>;

  // --- domain checkpoints (checkpoint area) ---
  domainCheckpointCreateXML?(dom: DomainRef, xmlDesc: string, flags: number): Promise<DomainCheckpointRef>;
  domainCheckpointGetXMLDesc?(checkpoint: DomainCheckpointRef, flags: number): Promise<string>;
  domainListAllCheckpoints?(dom: DomainRef, flags: number): Promise<DomainCheckpointRef[]>;
  domainCheckpointListAllChildren?(checkpoint: DomainCheckpointRef, flags: number): Promise<DomainCheckpointRef[]>;
  domainCheckpointLookupByName?(dom: DomainRef, name: string, flags: number): Promise<DomainCheckpointRef>;
  domainCheckpointGetParent?(checkpoint: DomainCheckpointRef, flags: number): Promise<DomainCheckpointRef>;
  domainCheckpointDelete?(checkpoint: DomainCheckpointRef, flags: number): Promise<void>;

  // --- node devices handed to guests (nodedev area; libvirt keeps these in the hypervisor table) ---
  nodeDeviceDettach?(dev: NodeDeviceRef): Promise<void>;
  nodeDeviceDetachFlags?(dev: NodeDeviceRef, driverName: string | null, flags: number): Promise<void>;
  nodeDeviceReAttach?(dev: NodeDeviceRef): Promise<void>;
  nodeDeviceReset?(dev: NodeDeviceRef): Promise<void>;

  // --- domains (domain area) ---
  domainGetMaxVcpus?(dom: DomainRef): Promise<number>;
  domainGetVcpusFlags?(dom: DomainRef, flags: number): Promise<number>;
  domainSetVcpusFlags?(dom: DomainRef, nvcpus: number, flags: number): Promise<void>;
  /** virDomainSetVcpus, virDomainPinVcpu and virDomainSetMemory call these flag-less twins. */
  domainSetVcpus?(dom: DomainRef, nvcpus: number): Promise<void>;
  domainPinVcpu?(dom: DomainRef, vcpu: number, cpumap: Uint8Array): Promise<void>;
  domainSetMemory?(dom: DomainRef, memory: bigint): Promise<void>;
  /** Up to `maxinfo` vCPUs, each with its CPU map of `maplen` bytes. */
  domainGetVcpus?(dom: DomainRef, maxinfo: number, maplen: number): Promise<{ info: VcpuInfo[]; cpumaps: Uint8Array[] }>;
  domainPinVcpuFlags?(dom: DomainRef, vcpu: number, cpumap: Uint8Array, flags: number): Promise<void>;
  domainGetVcpuPinInfo?(dom: DomainRef, ncpumaps: number, maplen: number, flags: number): Promise<Uint8Array[]>;
  domainPinEmulator?(dom: DomainRef, cpumap: Uint8Array, flags: number): Promise<void>;
  domainGetEmulatorPinInfo?(dom: DomainRef, maplen: number, flags: number): Promise<Uint8Array>;
  domainSetMaxMemory?(dom: DomainRef, memory: bigint): Promise<void>;
  domainSetMemoryFlags?(dom: DomainRef, memory: bigint, flags: number): Promise<void>;
  domainSetMemoryStatsPeriod?(dom: DomainRef, period: number, flags: number): Promise<void>;
  domainMemoryStats?(dom: DomainRef, nrStats: number, flags: number): Promise<DomainMemoryStat[]>;
  domainBlockStats?(dom: DomainRef, path: string): Promise<DomainBlockStats>;
  domainBlockStatsFlags?(dom: DomainRef, path: string, nparams: number, flags: number): Promise<{ params: TypedParam[]; nparams: number }>;
  domainInterfaceStats?(dom: DomainRef, device: string): Promise<DomainInterfaceStats>;
  domainGetBlockInfo?(dom: DomainRef, path: string, flags: number): Promise<DomainBlockInfo>;
  domainGetHostname?(dom: DomainRef, flags: number): Promise<string>;
  domainGetTime?(dom: DomainRef, flags: number): Promise<{ seconds: bigint; nseconds: number }>;
  domainSetTime?(dom: DomainRef, seconds: bigint, nseconds: number, flags: number): Promise<void>;
  domainGetControlInfo?(dom: DomainRef, flags: number): Promise<DomainControlInfo>;
  domainSaveFlags?(dom: DomainRef, to: string, dxml: string | null, flags: number): Promise<void>;
  domainRestoreFlags?(from: string, dxml: string | null, flags: number): Promise<void>;
  /** virDomainSave / virDomainRestore call these (no replacement XML, no flags). */
  domainSave?(dom: DomainRef, to: string): Promise<void>;
  domainRestore?(from: string): Promise<void>;
  domainSaveImageGetXMLDesc?(file: string, flags: number): Promise<string>;
  domainSaveImageDefineXML?(file: string, dxml: string, flags: number): Promise<void>;
  domainManagedSave?(dom: DomainRef, flags: number): Promise<void>;
  domainManagedSaveRemove?(dom: DomainRef, flags: number): Promise<void>;
  domainManagedSaveGetXMLDesc?(dom: DomainRef, flags: number): Promise<string>;
  domainManagedSaveDefineXML?(dom: DomainRef, dxml: string, flags: number): Promise<void>;
  domainCoreDumpWithFormat?(dom: DomainRef, to: string, dumpformat: number, flags: number): Promise<void>;
  /** virDomainCoreDump calls this one: the raw format. */
  domainCoreDump?(dom: DomainRef, to: string, flags: number): Promise<void>;
  domainGetMetadata?(dom: DomainRef, type: number, uri: string | null, flags: number): Promise<string>;
  domainSetMetadata?(dom: DomainRef, type: number, metadata: string | null, key: string | null, uri: string | null, flags: number): Promise<void>;
  /** The image's MIME type and bytes (libvirt streams them; the test driver sends one fixed PNG). */
  domainScreenshot?(dom: DomainRef, screen: number, flags: number): Promise<{ mime: string; data: Uint8Array }>;
  domainSendKey?(dom: DomainRef, codeset: number, holdtime: number, keycodes: number[], flags: number): Promise<void>;
  domainInjectNMI?(dom: DomainRef, flags: number): Promise<void>;
  domainSendProcessSignal?(dom: DomainRef, pidValue: bigint, signum: number, flags: number): Promise<void>;
  domainGetDiskErrors?(dom: DomainRef, maxerrors: number, flags: number): Promise<DomainDiskError[]>;
  domainGetFSInfo?(dom: DomainRef, flags: number): Promise<DomainFSInfo[]>;
  domainFSFreeze?(dom: DomainRef, mountpoints: string[], flags: number): Promise<number>;
  domainFSThaw?(dom: DomainRef, mountpoints: string[], flags: number): Promise<number>;
  domainFSTrim?(dom: DomainRef, mountPoint: string | null, minimum: bigint, flags: number): Promise<void>;
  domainGetPerfEvents?(dom: DomainRef, flags: number): Promise<TypedParam[]>;
  domainSetPerfEvents?(dom: DomainRef, params: TypedParam[], flags: number): Promise<void>;
  domainGetMemoryParameters?(dom: DomainRef, nparams: number, flags: number): Promise<{ params: TypedParam[]; nparams: number }>;
  domainSetMemoryParameters?(dom: DomainRef, params: TypedParam[], flags: number): Promise<void>;
  domainGetNumaParameters?(dom: DomainRef, nparams: number, flags: number): Promise<{ params: TypedParam[]; nparams: number }>;
  domainSetNumaParameters?(dom: DomainRef, params: TypedParam[], flags: number): Promise<void>;
  domainGetBlkioParameters?(dom: DomainRef, nparams: number, flags: number): Promise<{ params: TypedParam[]; nparams: number }>;
  domainSetBlkioParameters?(dom: DomainRef, params: TypedParam[], flags: number): Promise<void>;
  domainGetInterfaceParameters?(dom: DomainRef, device: string, nparams: number, flags: number): Promise<{ params: TypedParam[]; nparams: number }>;
  domainSetInterfaceParameters?(dom: DomainRef, device: string, params: TypedParam[], flags: number): Promise<void>;
  domainGetBlockIoTune?(dom: DomainRef, disk: string | null, nparams: number, flags: number): Promise<{ params: TypedParam[]; nparams: number }>;
  domainSetBlockIoTune?(dom: DomainRef, disk: string, params: TypedParam[], flags: number): Promise<void>;
  /** nparams 0 asks for the count only, as libvirt's two-call pattern. */
  domainGetCPUStats?(dom: DomainRef, nparams: number, startCpu: number, ncpus: number, flags: number): Promise<{ params: TypedParam[]; nparams: number }>;
  domainGetIOThreadInfo?(dom: DomainRef, flags: number): Promise<DomainIOThreadInfo[]>;
  domainAddIOThread?(dom: DomainRef, iothreadId: number, flags: number): Promise<void>;
  domainDelIOThread?(dom: DomainRef, iothreadId: number, flags: number): Promise<void>;
  domainPinIOThread?(dom: DomainRef, iothreadId: number, cpumap: Uint8Array, flags: number): Promise<void>;
  domainSetIOThreadParams?(dom: DomainRef, iothreadId: number, params: TypedParam[], flags: number): Promise<void>;
  domainRename?(dom: DomainRef, newName: string, flags: number): Promise<void>;
  domainSetLifecycleAction?(dom: DomainRef, type: number, action: number, flags: number): Promise<void>;
  domainSetUserPassword?(dom: DomainRef, user: string, password: string, flags: number): Promise<void>;
  domainInterfaceAddresses?(dom: DomainRef, source: number, flags: number): Promise<DomainInterfaceAddrs[]>;
  domainMemoryPeek?(dom: DomainRef, start: bigint, size: number, flags: number): Promise<Uint8Array>;
  domainGetLaunchSecurityInfo?(dom: DomainRef, flags: number): Promise<TypedParam[]>;
  domainGetMessages?(dom: DomainRef, flags: number): Promise<string[]>;
  connectGetAllDomainStats?(doms: DomainRef[] | null, stats: number, flags: number): Promise<DomainStatsRecord[]>;
  // (domain area) entry points no local driver of tsvirt implements yet; declared so the API can name them
  domainSetVcpu?(dom: DomainRef, vcpumap: string, state: number, flags: number): Promise<void>;
  domainGetGuestVcpus?(dom: DomainRef, flags: number): Promise<TypedParam[]>;
  domainSetGuestVcpus?(dom: DomainRef, cpumap: string, state: number, flags: number): Promise<void>;
  domainAttachDeviceFlags?(dom: DomainRef, xml: string, flags: number): Promise<void>;
  domainDetachDeviceFlags?(dom: DomainRef, xml: string, flags: number): Promise<void>;
  /** virDomainAttachDevice / virDomainDetachDevice call these, not the Flags forms. */
  domainAttachDevice?(dom: DomainRef, xml: string): Promise<void>;
  domainDetachDevice?(dom: DomainRef, xml: string): Promise<void>;
  domainUpdateDeviceFlags?(dom: DomainRef, xml: string, flags: number): Promise<void>;
  domainDetachDeviceAlias?(dom: DomainRef, alias: string, flags: number): Promise<void>;
  domainBlockCommit?(dom: DomainRef, disk: string, base: string | null, top: string | null, bandwidth: bigint, flags: number): Promise<void>;
  domainBlockCopy?(dom: DomainRef, disk: string, destxml: string, params: TypedParam[], flags: number): Promise<void>;
  domainBlockRebase?(dom: DomainRef, disk: string, base: string | null, bandwidth: bigint, flags: number): Promise<void>;
  domainBlockPull?(dom: DomainRef, disk: string, bandwidth: bigint, flags: number): Promise<void>;
  domainBlockJobAbort?(dom: DomainRef, disk: string, flags: number): Promise<void>;
  domainBlockJobSetSpeed?(dom: DomainRef, disk: string, bandwidth: bigint, flags: number): Promise<void>;
  domainGetBlockJobInfo?(dom: DomainRef, disk: string, flags: number): Promise<{ type: number; bandwidth: bigint; cur: bigint; end: bigint } | null>;
  domainBlockResize?(dom: DomainRef, disk: string, size: bigint, flags: number): Promise<void>;
  domainSetBlockThreshold?(dom: DomainRef, dev: string, threshold: bigint, flags: number): Promise<void>;
  domainGetJobInfo?(dom: DomainRef): Promise<{ type: number }>;
  domainGetJobStats?(dom: DomainRef, flags: number): Promise<{ type: number; params: TypedParam[] }>;
  domainAbortJob?(dom: DomainRef): Promise<void>;
  // backups (libvirt's test driver has none; declared so the API names them and the remote driver carries them)
  domainBackupBegin?(dom: DomainRef, backupXml: string, checkpointXml: string | null, flags: number): Promise<void>;
  domainBackupGetXMLDesc?(dom: DomainRef, flags: number): Promise<string>;
  domainAbortJobFlags?(dom: DomainRef, flags: number): Promise<void>;
  domainPMSuspendForDuration?(dom: DomainRef, target: number, duration: bigint, flags: number): Promise<void>;
  domainPMWakeup?(dom: DomainRef, flags: number): Promise<void>;
  domainAuthorizedSSHKeysGet?(dom: DomainRef, user: string, flags: number): Promise<string[]>;
  domainAuthorizedSSHKeysSet?(dom: DomainRef, user: string, keys: string[], flags: number): Promise<void>;
  domainMigrateSetMaxDowntime?(dom: DomainRef, downtime: bigint, flags: number): Promise<void>;
  domainMigrateGetMaxDowntime?(dom: DomainRef, flags: number): Promise<bigint>;
  domainMigrateGetCompressionCache?(dom: DomainRef, flags: number): Promise<bigint>;
  domainMigrateSetCompressionCache?(dom: DomainRef, cacheSize: bigint, flags: number): Promise<void>;
  domainMigrateSetMaxSpeed?(dom: DomainRef, bandwidth: bigint, flags: number): Promise<void>;
  domainMigrateGetMaxSpeed?(dom: DomainRef, flags: number): Promise<bigint>;
  domainMigrateStartPostCopy?(dom: DomainRef, flags: number): Promise<void>;
  domainMigrateToURI3?(dom: DomainRef, dconnuri: string | null, params: TypedParam[], flags: number): Promise<void>;
  domainAgentSetResponseTimeout?(dom: DomainRef, timeout: number, flags: number): Promise<void>;
  domainGetGuestInfo?(dom: DomainRef, types: number, flags: number): Promise<TypedParam[]>;
  domainStartDirtyRateCalc?(dom: DomainRef, seconds: number, flags: number): Promise<void>;
  domainFDAssociate?(dom: DomainRef, name: string, fds: number[], flags: number): Promise<void>;
  domainSetLaunchSecurityState?(dom: DomainRef, params: TypedParam[], flags: number): Promise<void>;
  domainQemuMonitorCommand?(dom: DomainRef, cmd: string, flags: number): Promise<string>;
  domainQemuAgentCommand?(dom: DomainRef, cmd: string, timeout: number, flags: number): Promise<string>;
  domainQemuAttach?(pid: number, flags: number): Promise<DomainRef>;
  domainLxcOpenNamespace?(dom: DomainRef, flags: number): Promise<number[]>;
  connectDomainQemuMonitorEventRegister?(dom: DomainRef | null, event: string | null, flags: number): Promise<number>;
  domainOpenConsole?(dom: DomainRef, devName: string | null, flags: number): Promise<void>;
  // (events area) a callback gets the event as the driver's bus carries it (events.ts); the
  // legacy pair finds its registration by the callback's identity, as libvirt does by pointer
  connectDomainEventRegister?(cb: ObjectEventCallback): Promise<void>;
  connectDomainEventDeregister?(cb: ObjectEventCallback): Promise<void>;
  connectDomainEventRegisterAny?(dom: DomainRef | null, eventID: number, cb: ObjectEventCallback): Promise<number>;
  connectDomainEventDeregisterAny?(callbackID: number): Promise<void>;
}

export type HypervisorMethod = Exclude<keyof HypervisorDriver, 'name'>;
