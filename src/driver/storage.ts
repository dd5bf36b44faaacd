// libvirt's virStorageDriver (src/driver-storage.h). Conventions: see hypervisor.ts.
import type { StoragePoolRef, StorageVolRef } from './refs.js';
import type { ObjectEventCallback } from './events.js'; // events area

/** virStoragePoolInfo */
export interface StoragePoolInfo {
  /** virStoragePoolState */
  state: number;
  capacity: bigint;
  allocation: bigint;
  available: bigint;
}

/** virStorageVolInfo */
export interface StorageVolInfo {
  /** virStorageVolType */
  type: number;
  capacity: bigint;
  allocation: bigint;
}

export interface StorageDriver {
  readonly name: string;
  connectNumOfStoragePools?(): Promise<number>;
  connectListStoragePools?(maxnames: number): Promise<string[]>;
  connectNumOfDefinedStoragePools?(): Promise<number>;
  connectListDefinedStoragePools?(maxnames: number): Promise<string[]>;
  connectListAllStoragePools?(flags: number): Promise<StoragePoolRef[]>;
  connectFindStoragePoolSources?(type: string, srcSpec: string | null, flags: number): Promise<string>;
  connectGetStoragePoolCapabilities?(flags: number): Promise<string>;
  storagePoolLookupByName?(name: string): Promise<StoragePoolRef>;
  storagePoolLookupByUUID?(uuid: string): Promise<StoragePoolRef>;
  storagePoolLookupByVolume?(vol: StorageVolRef): Promise<StoragePoolRef>;
  storagePoolLookupByTargetPath?(path: string): Promise<StoragePoolRef>;
  storagePoolCreateXML?(xml: string, flags: number): Promise<StoragePoolRef>;
  storagePoolDefineXML?(xml: string, flags: number): Promise<StoragePoolRef>;
  storagePoolBuild?(pool: StoragePoolRef, flags: number): Promise<void>;
  storagePoolUndefine?(pool: StoragePoolRef): Promise<void>;
  storagePoolCreate?(pool: StoragePoolRef, flags: number): Promise<void>;
  storagePoolDestroy?(pool: StoragePoolRef): Promise<void>;
  storagePoolDelete?(pool: StoragePoolRef, flags: number): Promise<void>;
  storagePoolRefresh?(pool: StoragePoolRef, flags: number): Promise<void>;
  storagePoolGetInfo?(pool: StoragePoolRef): Promise<StoragePoolInfo>;
  storagePoolGetXMLDesc?(pool: StoragePoolRef, flags: number): Promise<string>;
  storagePoolGetAutostart?(pool: StoragePoolRef): Promise<boolean>;
  storagePoolSetAutostart?(pool: StoragePoolRef, autostart: boolean): Promise<void>;
  storagePoolNumOfVolumes?(pool: StoragePoolRef): Promise<number>;
  storagePoolListVolumes?(pool: StoragePoolRef, maxnames: number): Promise<string[]>;
  storagePoolListAllVolumes?(pool: StoragePoolRef, flags: number): Promise<StorageVolRef[]>;
  storagePoolIsActive?(pool: StoragePoolRef): Promise<boolean>;
  storagePoolIsPersistent?(pool: StoragePoolRef): Promise<boolean>;
  storageVolLookupByName?(pool: StoragePoolRef, name: string): Promise<StorageVolRef>;
  storageVolLookupByKey?(key: string): Promise<StorageVolRef>;
  storageVolLookupByPath?(path: string): Promise<StorageVolRef>;
  storageVolCreateXML?(pool: StoragePoolRef, xml: string, flags: number): Promise<StorageVolRef>;
  storageVolCreateXMLFrom?(pool: StoragePoolRef, xml: string, clonevol: StorageVolRef, flags: number): Promise<StorageVolRef>;
  storageVolDelete?(vol: StorageVolRef, flags: number): Promise<void>;
  storageVolWipe?(vol: StorageVolRef, flags: number): Promise<void>;
  storageVolWipePattern?(vol: StorageVolRef, algorithm: number, flags: number): Promise<void>;
  storageVolGetInfo?(vol: StorageVolRef): Promise<StorageVolInfo>;
  storageVolGetInfoFlags?(vol: StorageVolRef, flags: number): Promise<StorageVolInfo>;
  storageVolGetXMLDesc?(vol: StorageVolRef, flags: number): Promise<string>;
  storageVolGetPath?(vol: StorageVolRef): Promise<string>;
  storageVolResize?(vol: StorageVolRef, capacity: bigint, flags: number): Promise<void>;
  // (events area) a callback gets the event as the driver's bus carries it (events.ts)
  connectStoragePoolEventRegisterAny?(pool: StoragePoolRef | null, eventID: number, cb: ObjectEventCallback): Promise<number>;
  connectStoragePoolEventDeregisterAny?(callbackID: number): Promise<void>;
}
