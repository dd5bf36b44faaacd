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
