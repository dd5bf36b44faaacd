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
import type { DomainRef, DomainSnapshotRef, NodeDeviceRef } from './refs.js';
import type { DomainInfo, NodeCPUMap, NodeInfo, NodeStat, SecurityLabel, SecurityModel, TypedParam } from './types.js';

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
  connectSupportsFeature?(feature: number): Promise<boolean>;
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

  // --- node devices handed to guests (nodedev area; libvirt keeps these in the hypervisor table) ---
  nodeDeviceDettach?(dev: NodeDeviceRef): Promise<void>;
  nodeDeviceDetachFlags?(dev: NodeDeviceRef, driverName: string | null, flags: number): Promise<void>;
  nodeDeviceReAttach?(dev: NodeDeviceRef): Promise<void>;
  nodeDeviceReset?(dev: NodeDeviceRef): Promise<void>;
}

export type HypervisorMethod = Exclude<keyof HypervisorDriver, 'name'>;
