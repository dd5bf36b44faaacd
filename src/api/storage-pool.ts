// virStoragePool: a storage pool seen through a connection (libvirt-storage.c). Errors of these
// entry points belong to VIR_FROM_STORAGE; modifying calls are refused on read-only connections
// before the driver is asked.
import type { StoragePoolRef } from '../driver/refs.js';
import type { StorageDriver, StoragePoolInfo } from '../driver/storage.js';
import { parseUuid } from '../conf/network/uuid.js';
import { ErrorDomain } from '../util/error.js';
import { checkNonNegative, checkNonNull, rawInvalidArg } from './arg-checks.js';
import { driverMethod, readOnlyError } from './call.js';
import type { Connect } from './connect.js';
import { StorageVol } from './storage-vol.js';

export const FROM_STORAGE = ErrorDomain.Storage;

/** virStoragePoolState */
export enum StoragePoolState {
  Inactive = 0,
  Building = 1,
  Running = 2,
  Degraded = 3,
  Inaccessible = 4,
}

/** virStoragePoolBuildFlags */
export const StoragePoolBuildFlags = {
  NEW: 0,
  REPAIR: 1 << 0,
  RESIZE: 1 << 1,
  NO_OVERWRITE: 1 << 2,
  OVERWRITE: 1 << 3,
} as const;

/** virStoragePoolDeleteFlags */
export const StoragePoolDeleteFlags = { NORMAL: 0, ZEROED: 1 << 0 } as const;

/** virStoragePoolCreateFlags */
export const StoragePoolCreateFlags = {
  NORMAL: 0,
  WITH_BUILD: 1 << 0,
  WITH_BUILD_OVERWRITE: 1 << 1,
  WITH_BUILD_NO_OVERWRITE: 1 << 2,
} as const;

/** virStoragePoolDefineFlags */
export const StoragePoolDefineFlags = { VALIDATE: 1 << 0 } as const;

/** virStorageXMLFlags */
export const StorageXMLFlags = { INACTIVE: 1 << 0 } as const;

/** virConnectListAllStoragePoolsFlags */
export const ListStoragePoolsFlags = {
  INACTIVE: 1 << 0,
  ACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  AUTOSTART: 1 << 4,
  NO_AUTOSTART: 1 << 5,
  DIR: 1 << 6,
  FS: 1 << 7,
  NETFS: 1 << 8,
  LOGICAL: 1 << 9,
  DISK: 1 << 10,
  ISCSI: 1 << 11,
  SCSI: 1 << 12,
  MPATH: 1 << 13,
  RBD: 1 << 14,
  SHEEPDOG: 1 << 15,
  GLUSTER: 1 << 16,
  ZFS: 1 << 17,
  VSTORAGE: 1 << 18,
  ISCSI_DIRECT: 1 << 19,
} as const;

/** virStoragePoolEventLifecycleType */
export const StoragePoolEventLifecycle = {
  DEFINED: 0,
  UNDEFINED: 1,
  STARTED: 2,
  STOPPED: 3,
  CREATED: 4,
  DELETED: 5,
} as const;

type Method = Exclude<keyof StorageDriver, 'name'>;

/** The storage driver's method, or libvirt's "not supported" error naming `api`. */
export function storageMethod<K extends Method>(conn: Connect, method: K, api: string) {
  return driverMethod(conn.drivers.storage, method, api, FROM_STORAGE);
}

export class StoragePool {
  readonly conn: Connect;
  readonly ref: StoragePoolRef;

  constructor(conn: Connect, ref: StoragePoolRef) {
    this.conn = conn;
    this.ref = ref;
  }

  /** virStoragePoolGetName */
  get name(): string {
    return this.ref.name;
  }
  /** virStoragePoolGetUUIDString */
  get uuid(): string {
    return this.ref.uuid;
  }

  #write(api: string): void {
    this.conn.checkWritable(api, FROM_STORAGE);
  }

  async getInfo(): Promise<StoragePoolInfo> {
    return storageMethod(this.conn, 'storagePoolGetInfo', 'virStoragePoolGetInfo')(this.ref);
  }
  async getXMLDesc(flags = 0): Promise<string> {
    return storageMethod(this.conn, 'storagePoolGetXMLDesc', 'virStoragePoolGetXMLDesc')(this.ref, flags);
  }
  async getAutostart(): Promise<boolean> {
    return storageMethod(this.conn, 'storagePoolGetAutostart', 'virStoragePoolGetAutostart')(this.ref);
  }
  async setAutostart(autostart: boolean): Promise<void> {
    this.#write('virStoragePoolSetAutostart');
    await storageMethod(this.conn, 'storagePoolSetAutostart', 'virStoragePoolSetAutostart')(this.ref, autostart);
  }
  async isActive(): Promise<boolean> {
    return storageMethod(this.conn, 'storagePoolIsActive', 'virStoragePoolIsActive')(this.ref);
  }
  async isPersistent(): Promise<boolean> {
    return storageMethod(this.conn, 'storagePoolIsPersistent', 'virStoragePoolIsPersistent')(this.ref);
  }
  async build(flags = 0): Promise<void> {
    this.#write('virStoragePoolBuild');
    await storageMethod(this.conn, 'storagePoolBuild', 'virStoragePoolBuild')(this.ref, flags);
  }
  async undefine(): Promise<void> {
    this.#write('virStoragePoolUndefine');
    await storageMethod(this.conn, 'storagePoolUndefine', 'virStoragePoolUndefine')(this.ref);
  }
  /** virStoragePoolCreate: start a defined pool. */
  async create(flags = 0): Promise<void> {
    this.#write('virStoragePoolCreate');
    await storageMethod(this.conn, 'storagePoolCreate', 'virStoragePoolCreate')(this.ref, flags);
  }
  async destroy(): Promise<void> {
    this.#write('virStoragePoolDestroy');
    await storageMethod(this.conn, 'storagePoolDestroy', 'virStoragePoolDestroy')(this.ref);
  }
  async delete(flags = 0): Promise<void> {
    this.#write('virStoragePoolDelete');
    await storageMethod(this.conn, 'storagePoolDelete', 'virStoragePoolDelete')(this.ref, flags);
  }
  async refresh(flags = 0): Promise<void> {
    this.#write('virStoragePoolRefresh');
    await storageMethod(this.conn, 'storagePoolRefresh', 'virStoragePoolRefresh')(this.ref, flags);
  }
  async numOfVolumes(): Promise<number> {
    return storageMethod(this.conn, 'storagePoolNumOfVolumes', 'virStoragePoolNumOfVolumes')(this.ref);
  }
  async listVolumes(maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virStoragePoolListVolumes', FROM_STORAGE);
    return storageMethod(this.conn, 'storagePoolListVolumes', 'virStoragePoolListVolumes')(this.ref, maxnames);
  }
  async listAllVolumes(flags = 0): Promise<StorageVol[]> {
    const refs = await storageMethod(this.conn, 'storagePoolListAllVolumes', 'virStoragePoolListAllVolumes')(this.ref, flags);
    return refs.map((r) => new StorageVol(this.conn, r));
  }
  async volLookupByName(name: string): Promise<StorageVol> {
    checkNonNull(name, 'name', 'virStorageVolLookupByName', FROM_STORAGE);
    return new StorageVol(this.conn, await storageMethod(this.conn, 'storageVolLookupByName', 'virStorageVolLookupByName')(this.ref, name));
  }
  async volCreateXML(xml: string, flags = 0): Promise<StorageVol> {
    checkNonNull(xml, 'xmlDesc', 'virStorageVolCreateXML', FROM_STORAGE);
    this.#write('virStorageVolCreateXML');
    return new StorageVol(this.conn, await storageMethod(this.conn, 'storageVolCreateXML', 'virStorageVolCreateXML')(this.ref, xml, flags));
  }
  async volCreateXMLFrom(xml: string, clonevol: StorageVol, flags = 0): Promise<StorageVol> {
    checkNonNull(xml, 'xmlDesc', 'virStorageVolCreateXMLFrom', FROM_STORAGE);
    if (this.conn.readOnly || clonevol.conn.readOnly) throw readOnlyError('virStorageVolCreateXMLFrom', FROM_STORAGE);
    const ref = await storageMethod(this.conn, 'storageVolCreateXMLFrom', 'virStorageVolCreateXMLFrom')(this.ref, xml, clonevol.ref, flags);
    return new StorageVol(this.conn, ref);
  }
}

/** The connection-level storage entry points; Connect delegates to these. */
export const storageApi = {
  async listAllPools(conn: Connect, flags: number): Promise<StoragePool[]> {
    const refs = await storageMethod(conn, 'connectListAllStoragePools', 'virConnectListAllStoragePools')(flags);
    return refs.map((r) => new StoragePool(conn, r));
  },
  async numOfPools(conn: Connect): Promise<number> {
    return storageMethod(conn, 'connectNumOfStoragePools', 'virConnectNumOfStoragePools')();
  },
  async listPools(conn: Connect, maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virConnectListStoragePools', FROM_STORAGE);
    return storageMethod(conn, 'connectListStoragePools', 'virConnectListStoragePools')(maxnames);
  },
  async numOfDefinedPools(conn: Connect): Promise<number> {
    return storageMethod(conn, 'connectNumOfDefinedStoragePools', 'virConnectNumOfDefinedStoragePools')();
  },
  async listDefinedPools(conn: Connect, maxnames: number): Promise<string[]> {
    checkNonNegative(maxnames, 'maxnames', 'virConnectListDefinedStoragePools', FROM_STORAGE);
    return storageMethod(conn, 'connectListDefinedStoragePools', 'virConnectListDefinedStoragePools')(maxnames);
  },
  async findPoolSources(conn: Connect, type: string, srcSpec: string | null, flags: number): Promise<string> {
    checkNonNull(type, 'type', 'virConnectFindStoragePoolSources', FROM_STORAGE);
    conn.checkWritable('virConnectFindStoragePoolSources', FROM_STORAGE);
    return storageMethod(conn, 'connectFindStoragePoolSources', 'virConnectFindStoragePoolSources')(type, srcSpec, flags);
  },
  async getPoolCapabilities(conn: Connect, flags: number): Promise<string> {
    return storageMethod(conn, 'connectGetStoragePoolCapabilities', 'virConnectGetStoragePoolCapabilities')(flags);
  },
  async lookupByName(conn: Connect, name: string): Promise<StoragePool> {
    checkNonNull(name, 'name', 'virStoragePoolLookupByName', FROM_STORAGE);
    return new StoragePool(conn, await storageMethod(conn, 'storagePoolLookupByName', 'virStoragePoolLookupByName')(name));
  },
  async lookupByUUID(conn: Connect, uuid: string): Promise<StoragePool> {
    return new StoragePool(conn, await storageMethod(conn, 'storagePoolLookupByUUID', 'virStoragePoolLookupByUUID')(uuid));
  },
  /** virStoragePoolLookupByUUIDString: any spelling virUUIDParse accepts. */
  async lookupByUUIDString(conn: Connect, uuidstr: string): Promise<StoragePool> {
    const uuid = parseUuid(uuidstr);
    if (!uuid) throw rawInvalidArg('virStoragePoolLookupByUUIDString', 'uuidstr', 'uuidstr in virStoragePoolLookupByUUIDString must be a valid UUID', FROM_STORAGE);
    return storageApi.lookupByUUID(conn, uuid);
  },
  async lookupByVolume(vol: StorageVol): Promise<StoragePool> {
    return new StoragePool(vol.conn, await storageMethod(vol.conn, 'storagePoolLookupByVolume', 'virStoragePoolLookupByVolume')(vol.ref));
  },
  async lookupByTargetPath(conn: Connect, path: string): Promise<StoragePool> {
    checkNonNull(path, 'path', 'virStoragePoolLookupByTargetPath', FROM_STORAGE);
    return new StoragePool(conn, await storageMethod(conn, 'storagePoolLookupByTargetPath', 'virStoragePoolLookupByTargetPath')(path));
  },
  async createXML(conn: Connect, xml: string, flags: number): Promise<StoragePool> {
    checkNonNull(xml, 'xmlDesc', 'virStoragePoolCreateXML', FROM_STORAGE);
    conn.checkWritable('virStoragePoolCreateXML', FROM_STORAGE);
    return new StoragePool(conn, await storageMethod(conn, 'storagePoolCreateXML', 'virStoragePoolCreateXML')(xml, flags));
  },
  async defineXML(conn: Connect, xml: string, flags: number): Promise<StoragePool> {
    conn.checkWritable('virStoragePoolDefineXML', FROM_STORAGE);
    checkNonNull(xml, 'xml', 'virStoragePoolDefineXML', FROM_STORAGE);
    return new StoragePool(conn, await storageMethod(conn, 'storagePoolDefineXML', 'virStoragePoolDefineXML')(xml, flags));
  },
  async volLookupByKey(conn: Connect, key: string): Promise<StorageVol> {
    checkNonNull(key, 'key', 'virStorageVolLookupByKey', FROM_STORAGE);
    return new StorageVol(conn, await storageMethod(conn, 'storageVolLookupByKey', 'virStorageVolLookupByKey')(key));
  },
  async volLookupByPath(conn: Connect, path: string): Promise<StorageVol> {
    checkNonNull(path, 'path', 'virStorageVolLookupByPath', FROM_STORAGE);
    return new StorageVol(conn, await storageMethod(conn, 'storageVolLookupByPath', 'virStorageVolLookupByPath')(path));
  },
};
