// Object references as they pass between the API, drivers and the wire (libvirt's
// remote_nonnull_* structs). UUIDs are canonical lowercase text; the RPC layer converts to 16 bytes.

export interface DomainRef {
  name: string;
  uuid: string;
  /** -1 when the domain is not running. */
  id: number;
}

export interface NetworkRef {
  name: string;
  uuid: string;
}

export interface NetworkPortRef {
  network: NetworkRef;
  uuid: string;
}

export interface StoragePoolRef {
  name: string;
  uuid: string;
}

export interface StorageVolRef {
  pool: string;
  name: string;
  key: string;
}

export interface InterfaceRef {
  name: string;
  mac: string;
}

export interface NodeDeviceRef {
  name: string;
  /** The parent's name when the lookup already knew it (libvirt caches it in virNodeDevice). */
  parent?: string | null;
}

export interface SecretRef {
  uuid: string;
  usageType: number;
  usageID: string;
}

export interface NWFilterRef {
  name: string;
  uuid: string;
}

export interface DomainSnapshotRef {
  domain: DomainRef;
  name: string;
}

export interface DomainCheckpointRef {
  domain: DomainRef;
  name: string;
}
