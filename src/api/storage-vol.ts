// virStorageVol: one volume of a storage pool seen through a connection (libvirt-storage.c).
// Errors belong to VIR_FROM_STORAGE; modifying calls are refused on read-only connections.
import type { StorageVolRef } from '../driver/refs.js';
import type { StorageVolInfo } from '../driver/storage.js';
import { ErrorDomain } from '../util/error.js';
import { invokeDriver } from './invoke.js';
import { driverMethod } from './call.js';
import type { Connect } from './connect.js';

const FROM_STORAGE = ErrorDomain.Storage;

/** virStorageVolType */
export enum StorageVolType {
  File = 0,
  Block = 1,
  Dir = 2,
  Network = 3,
  Netdir = 4,
  Ploop = 5,
}

/** virStorageVolDeleteFlags */
export const StorageVolDeleteFlags = { NORMAL: 0, ZEROED: 1 << 0, WITH_SNAPSHOTS: 1 << 1 } as const;

/** virStorageVolWipeAlgorithm */
export const StorageVolWipeAlgorithm = {
  ZERO: 0,
  NNSA: 1,
  DOD: 2,
  BSI: 3,
  GUTMANN: 4,
  SCHNEIER: 5,
  PFITZNER7: 6,
  PFITZNER33: 7,
  RANDOM: 8,
  TRIM: 9,
} as const;

/** virStorageVolInfoFlags */
export const StorageVolInfoFlags = { USE_ALLOCATION: 0, GET_PHYSICAL: 1 << 0 } as const;

/** virStorageVolCreateFlags */
export const StorageVolCreateFlags = { PREALLOC_METADATA: 1 << 0, REFLINK: 1 << 1, VALIDATE: 1 << 2 } as const;

/** virStorageVolResizeFlags */
export const StorageVolResizeFlags = { ALLOCATE: 1 << 0, DELTA: 1 << 1, SHRINK: 1 << 2 } as const;

function volMethod<K extends Exclude<keyof import('../driver/storage.js').StorageDriver, 'name'>>(conn: Connect, method: K, api: string) {
  return driverMethod(conn.drivers.storage, method, api, FROM_STORAGE);
}

export class StorageVol {
  readonly conn: Connect;
  readonly ref: StorageVolRef;

  constructor(conn: Connect, ref: StorageVolRef) {
    this.conn = conn;
    this.ref = ref;
  }

  /** virStorageVolGetName */
  get name(): string {
    return this.ref.name;
  }
  /** virStorageVolGetKey */
  get key(): string {
    return this.ref.key;
  }
  /** The name of the pool the volume was found in (virStorageVol's pool field). */
  get poolName(): string {
    return this.ref.pool;
  }

  #write(api: string): void {
    this.conn.checkWritable(api, FROM_STORAGE);
  }

  async getInfo(): Promise<StorageVolInfo> {
    return volMethod(this.conn, 'storageVolGetInfo', 'virStorageVolGetInfo')(this.ref);
  }
  async getInfoFlags(flags = 0): Promise<StorageVolInfo> {
    return volMethod(this.conn, 'storageVolGetInfoFlags', 'virStorageVolGetInfoFlags')(this.ref, flags);
  }
  async getXMLDesc(flags = 0): Promise<string> {
    return volMethod(this.conn, 'storageVolGetXMLDesc', 'virStorageVolGetXMLDesc')(this.ref, flags);
  }
  async getPath(): Promise<string> {
    return volMethod(this.conn, 'storageVolGetPath', 'virStorageVolGetPath')(this.ref);
  }
  async delete(flags = 0): Promise<void> {
    this.#write('virStorageVolDelete');
    await volMethod(this.conn, 'storageVolDelete', 'virStorageVolDelete')(this.ref, flags);
  }
  async wipe(flags = 0): Promise<void> {
    this.#write('virStorageVolWipe');
    await volMethod(this.conn, 'storageVolWipe', 'virStorageVolWipe')(this.ref, flags);
  }
  async wipePattern(algorithm: number, flags = 0): Promise<void> {
    this.#write('virStorageVolWipePattern');
    await volMethod(this.conn, 'storageVolWipePattern', 'virStorageVolWipePattern')(this.ref, algorithm, flags);
  }
  async resize(capacity: bigint, flags = 0): Promise<void> {
    // Read-only refusal and the capacity check: entry-checks.ts, through the API's core.
    await invokeDriver(this.conn, 'storage', 'storageVolResize', 'virStorageVolResize', [this.ref, capacity, flags]);
  }
}
