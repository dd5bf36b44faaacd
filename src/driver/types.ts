// Value types shared by driver interfaces and the public API (libvirt's structs, camelCased).

/** virDomainInfo */
export interface DomainInfo {
  state: number;
  maxMem: bigint;
  memory: bigint;
  nrVirtCpu: number;
  cpuTime: bigint;
}

/** virNodeInfo */
export interface NodeInfo {
  model: string;
  memory: bigint;
  cpus: number;
  mhz: number;
  nodes: number;
  sockets: number;
  cores: number;
  threads: number;
}

/** A typed parameter (virTypedParameter); `type` is libvirt's VIR_TYPED_PARAM_* number. */
export interface TypedParam {
  field: string;
  type: TypedParamType;
  value: number | bigint | boolean | string;
}

export enum TypedParamType {
  Int = 1,
  UInt = 2,
  LLong = 3,
  ULLong = 4,
  Double = 5,
  Boolean = 6,
  String = 7,
}

/** The typed parameter names of virDomainSetIOThreadParams (VIR_DOMAIN_IOTHREAD_*). */
export const IOThreadParam = {
  POLL_MAX_NS: 'poll_max_ns',
  POLL_GROW: 'poll_grow',
  POLL_SHRINK: 'poll_shrink',
  THREAD_POOL_MIN: 'thread_pool_min',
  THREAD_POOL_MAX: 'thread_pool_max',
} as const;

/** virSecurityModel / virSecurityLabel */
export interface SecurityModel {
  model: string;
  doi: string;
}
export interface SecurityLabel {
  label: string;
  enforcing: boolean;
}

// --- host area ---
/** virNodeCPUStats / virNodeMemoryStats: one named counter. */
export interface NodeStat {
  field: string;
  value: bigint;
}

/** virNodeGetCPUMap's results: the map of online CPUs, how many are online, and how many exist. */
export interface NodeCPUMap {
  cpumap: Uint8Array;
  online: number;
  cpus: number;
}

// --- domain area ---
/** virVcpuInfo */
export interface VcpuInfo {
  number: number;
  state: number;
  cpuTime: bigint;
  cpu: number;
}

/** virDomainBlockStatsStruct; -1 marks a counter the driver does not provide. */
export interface DomainBlockStats {
  rdReq: bigint;
  rdBytes: bigint;
  wrReq: bigint;
  wrBytes: bigint;
  errs: bigint;
}

/** virDomainInterfaceStatsStruct */
export interface DomainInterfaceStats {
  rxBytes: bigint;
  rxPackets: bigint;
  rxErrs: bigint;
  rxDrop: bigint;
  txBytes: bigint;
  txPackets: bigint;
  txErrs: bigint;
  txDrop: bigint;
}

/** virDomainMemoryStatStruct: tag is a VIR_DOMAIN_MEMORY_STAT_* number. */
export interface DomainMemoryStat {
  tag: number;
  val: bigint;
}

/** virDomainBlockInfo */
export interface DomainBlockInfo {
  capacity: bigint;
  allocation: bigint;
  physical: bigint;
}

/** virDomainControlInfo */
export interface DomainControlInfo {
  state: number;
  details: number;
  stateTime: bigint;
}

/** virDomainIOThreadInfo */
export interface DomainIOThreadInfo {
  iothreadId: number;
  cpumap: Uint8Array;
}

/** virDomainDiskError */
export interface DomainDiskError {
  disk: string;
  error: number;
}

/** virDomainFSInfo */
export interface DomainFSInfo {
  mountpoint: string;
  name: string;
  fstype: string;
  devAliases: string[];
}

/** virDomainInterface with its addresses (virDomainIPAddress). */
export interface DomainInterfaceAddrs {
  name: string;
  hwaddr: string | null;
  addrs: { type: number; addr: string; prefix: number }[];
}

/** One domain's record from virConnectGetAllDomainStats. */
export interface DomainStatsRecord {
  dom: import('./refs.js').DomainRef;
  params: TypedParam[];
}
