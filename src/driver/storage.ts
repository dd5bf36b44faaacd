// libvirt's virStorageDriver (src/driver-storage.h). Conventions: see hypervisor.ts.
import type { StoragePoolRef, StorageVolRef } from './refs.js';

export interface StoragePoolInfo {
  state: number;
  capacity: bigint;
  allocation: bigint;
  available: bigint;
}

export interface StorageVolInfo {
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
  storagePoolLookupByName?(name: string): Promise<StoragePoolRef>;
  storagePoolLookupByUUID?(uuid: string): Promise<StoragePoolRef>;
  storagePoolLookupByVolume?(vol: StorageVolRef): Promise<StoragePoolRef>;
  storagePoolGetInfo?(pool: StoragePoolRef): Promise<StoragePoolInfo>;
  storagePoolGetXMLDesc?(pool: StoragePoolRef, flags: number): Promise<string>;
  storageVolLookupByName?(pool: StoragePoolRef, name: string): Promise<StorageVolRef>;
  storageVolLookupByKey?(key: string): Promise<StorageVolRef>;
  storageVolLookupByPath?(path: string): Promise<StorageVolRef>;
  storageVolGetInfo?(vol: StorageVolRef): Promise<StorageVolInfo>;
  storageVolGetXMLDesc?(vol: StorageVolRef, flags: number): Promise<string>;
  storageVolGetPath?(vol: StorageVolRef): Promise<string>;
}
