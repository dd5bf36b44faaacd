// Test driver: the storage area. Pools and their volumes live in StorageStore; storagePart() is
// its share of the driver tables (what libvirt's testStorageDriver offers, with its messages and
// its quirks: every pool reports 100 GiB, "build", "delete" and "refresh" change nothing); the
// loaders fill it from test:///default's built-in data or from a custom file.
import type { StoragePoolRef, StorageVolRef } from '../../driver/refs.js';
import type { StorageDriver } from '../../driver/storage.js';
import {
  formatPoolDef,
  formatPoolSourceList,
  formatVolDef,
  parsePoolDef,
  parsePoolSourceXml,
  parsePoolXml,
  parseVolDef,
  parseVolXml,
  PoolType,
  volTypeForPool,
  type PoolDef,
  type PoolSource,
  type VolDef,
} from '../../conf/storage-conf.js';
import type { XmlEl } from '../../conf/xml/parse.js';
import { children } from '../../conf/xml/read.js';
import { ErrorCode, ErrorDomain, checkFlags, errorsFrom } from '../../util/error.js';
import { resolveFileRef } from './custom-config.js';
import type { TestState } from './test-state.js';
import { StoragePoolEvent } from '../../driver/events.js';

const report = errorsFrom(ErrorDomain.Test);
const reportStorage = errorsFrom(ErrorDomain.Storage);

/** Every test pool claims 100 GiB, none of it used until volumes are added. */
const DEFAULT_POOL_CAPACITY = 100n * 1024n * 1024n * 1024n;

/** virConnectListAllStoragePoolsFlags */
const LIST = {
  INACTIVE: 1 << 0,
  ACTIVE: 1 << 1,
  PERSISTENT: 1 << 2,
  TRANSIENT: 1 << 3,
  AUTOSTART: 1 << 4,
  NO_AUTOSTART: 1 << 5,
} as const;
/** The per-type filter bits, in virConnectListAllStoragePoolsFlags order from 1 << 6. */
const TYPE_BITS: PoolType[] = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'scsi', 'mpath', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage', 'iscsi-direct'];
const TYPE_MASK = ((1 << TYPE_BITS.length) - 1) << 6;
const LIST_ALL = 0x3f | TYPE_MASK;

/** One pool (virStoragePoolObj) with its volumes. */
export interface PoolObj {
  def: PoolDef;
  newDef?: PoolDef;
  active: boolean;
  /** Non-null for a persistent pool (the test driver uses "" for every defined pool). */
  configFile: string | null;
  autostart: boolean;
  vols: VolDef[];
}

export class StorageStore {
  readonly state: TestState;
  /** By UUID, in the order the pools were added. */
  readonly pools = new Map<string, PoolObj>();

  constructor(state: TestState) {
    this.state = state;
  }

  byName(name: string): PoolObj | undefined {
    for (const p of this.pools.values()) if (p.def.name === name) return p;
    return undefined;
  }

  /** testStoragePoolObjFindByName */
  findByName(name: string): PoolObj {
    const p = this.byName(name);
    if (!p) throw report(ErrorCode.NoStoragePool, `no storage pool with matching name '${name}'`);
    return p;
  }

  findActiveByName(name: string): PoolObj {
    const p = this.findByName(name);
    if (!p.active) throw report(ErrorCode.OperationInvalid, `storage pool '${name}' is not active`);
    return p;
  }

  findInactiveByName(name: string): PoolObj {
    const p = this.findByName(name);
    if (p.active) throw report(ErrorCode.OperationInvalid, `storage pool '${name}' is active`);
    return p;
  }

  findByUUID(uuid: string): PoolObj {
    const p = this.pools.get(uuid);
    if (!p) throw report(ErrorCode.NoStoragePool, `no storage pool with matching uuid '${uuid}'`);
    return p;
  }

  /**
   * virStoragePoolObjListAdd: a new pool, or a new definition for the pool with the same name and
   * UUID (kept aside while it runs). Conflicting names, UUIDs or sources are refused.
   */
  add(def: PoolDef, opts: { checkLive?: boolean; live?: boolean } = {}): PoolObj {
    const dup = [...this.pools.values()].find((p) => p.def.name !== def.name && sourceConflicts(p.def, def));
    if (dup) throw reportStorage(ErrorCode.OperationFailed, `Storage source conflict with pool: '${dup.def.name}'`);
    const same = this.pools.get(def.uuid);
    if (same) {
      if (same.def.name !== def.name) {
        throw reportStorage(ErrorCode.OperationFailed, `pool '${same.def.name}' is already defined with uuid ${same.def.uuid}`);
      }
      if (opts.checkLive && same.active) throw reportStorage(ErrorCode.OperationInvalid, `pool is already active as '${same.def.name}'`);
      if (same.active) same.newDef = def;
      else {
        if (!same.newDef && opts.live) same.newDef = same.def;
        same.def = def;
      }
      return same;
    }
    const clash = this.byName(def.name);
    if (clash) throw reportStorage(ErrorCode.OperationFailed, `pool '${def.name}' already exists with uuid ${clash.def.uuid}`);
    const obj: PoolObj = { def, active: false, configFile: null, autostart: false, vols: [] };
    this.pools.set(def.uuid, obj);
    return obj;
  }

  remove(p: PoolObj): void {
    this.pools.delete(p.def.uuid);
  }

  /** virStoragePoolObjListExport's filter */
  list(flags: number): PoolObj[] {
    return [...this.pools.values()].filter((p) => {
      if (flags & (LIST.ACTIVE | LIST.INACTIVE) && !((flags & LIST.ACTIVE && p.active) || (flags & LIST.INACTIVE && !p.active))) return false;
      const persistent = p.configFile !== null;
      if (flags & (LIST.PERSISTENT | LIST.TRANSIENT) && !((flags & LIST.PERSISTENT && persistent) || (flags & LIST.TRANSIENT && !persistent))) return false;
      if (flags & (LIST.AUTOSTART | LIST.NO_AUTOSTART) && !((flags & LIST.AUTOSTART && p.autostart) || (flags & LIST.NO_AUTOSTART && !p.autostart))) return false;
      if (flags & TYPE_MASK && !(flags & (1 << (6 + TYPE_BITS.indexOf(p.def.type))))) return false;
      return true;
    });
  }

  /** A volume of an active pool matching `pred`, for lookups by key and by path. */
  findVol(pred: (v: VolDef) => boolean): [PoolObj, VolDef] | undefined {
    for (const p of this.pools.values()) {
      if (!p.active) continue;
      const v = p.vols.find(pred);
      if (v) return [p, v];
    }
    return undefined;
  }
}

/** virStoragePoolObjSourceFindDuplicate: would `def` use the same storage as `existing`? */
function sourceConflicts(existing: PoolDef, def: PoolDef): boolean {
  const a = existing.source;
  const b = def.source;
  const singleHost = () => {
    if (a.hosts.length !== 1 || b.hosts.length !== 1) return false;
    if (b.hosts[0].port && a.hosts[0].port !== b.hosts[0].port) return false;
    return a.hosts[0].name === b.hosts[0].name;
  };
  const sharedDevice = () => a.devices.some((d) => b.devices.some((e) => d.path === e.path));
  switch (existing.type) {
    case 'dir':
      return def.type === 'dir' && existing.targetPath === def.targetPath;
    case 'gluster':
      return def.type === 'gluster' && a.name === b.name && a.dir === b.dir && singleHost();
    case 'netfs':
      return def.type === 'netfs' && a.dir === b.dir && singleHost();
    case 'iscsi':
      return def.type === 'iscsi' && sharedDevice() && a.initiatorIqn === b.initiatorIqn;
    case 'fs':
    case 'logical':
    case 'disk':
    case 'zfs':
      return ['fs', 'logical', 'disk', 'zfs'].includes(def.type) && sharedDevice();
    case 'sheepdog':
      return def.type === 'sheepdog' && singleHost();
    case 'mpath':
      return def.type === 'mpath';
    case 'vstorage':
      return def.type === 'vstorage' && a.name === b.name;
    case 'scsi':
      return def.type === 'scsi' && scsiAdapterConflicts(a, b);
    case 'iscsi-direct':
    case 'rbd':
      return false;
  }
}

/** SCSI adapters clash when they name the same fc_host WWNs or the same scsi_hostN. */
function scsiAdapterConflicts(a: PoolSource, b: PoolSource): boolean {
  const x = a.adapter;
  const y = b.adapter;
  if (x?.type === 'fc_host' && y?.type === 'fc_host') return x.wwnn === y.wwnn && x.wwpn === y.wwpn;
  if (x?.type === 'scsi_host' && y?.type === 'scsi_host' && x.name !== undefined) return x.name === y.name;
  return false;
}

/** testStoragePoolObjSetDefaults: the fixed sizes, and a (pretend) config file. */
function setDefaults(p: PoolObj): void {
  p.def.capacity = DEFAULT_POOL_CAPACITY;
  p.def.allocation = 0n;
  p.def.available = DEFAULT_POOL_CAPACITY;
  p.configFile = '';
}

function poolRef(p: PoolObj): StoragePoolRef {
  return { name: p.def.name, uuid: p.def.uuid };
}

function volRef(p: PoolObj, v: VolDef): StorageVolRef {
  return { pool: p.def.name, name: v.name, key: v.key ?? '' };
}

function findVolByName(p: PoolObj, name: string): VolDef {
  const v = p.vols.find((x) => x.name === name);
  if (!v) throw report(ErrorCode.NoStorageVol, `no storage vol with matching name '${name}'`);
  return v;
}

/** virStoragePoolObjAddVol: key, name and path must all be new. */
function addVol(p: PoolObj, v: VolDef): void {
  if (!v.key || !v.target.path || p.vols.some((x) => x.key === v.key || x.name === v.name || x.target.path === v.target.path)) {
    throw reportStorage(ErrorCode.InternalError, `cannot add volume '${v.name}'`);
  }
  p.vols.push(v);
}

/** The canned answers of testConnectFindStoragePoolSources. */
function logicalSources(): PoolSource[] {
  return ['20', '21'].map((n, i) => ({ name: `testvg${i + 1}`, format: 1, hosts: [], devices: [{ path: `/dev/sda${n}`, freeExtents: [] }] }));
}

export function storagePart(state: TestState): StorageDriver {
  const store = state.storage;

  const createVol = async (poolRefArg: StoragePoolRef, xml: string, flags: number, fn: string, clone?: StorageVolRef) => {
    checkFlags(flags, 1 << 2, fn, ErrorDomain.Test);
    const p = store.findActiveByName(poolRefArg.name);
    const v = await parseVolXml(p.def, xml, 0);
    if (p.vols.some((x) => x.name === v.name)) throw report(ErrorCode.OperationFailed, 'storage vol already exists');
    if (clone && !p.vols.some((x) => x.name === clone.name)) {
      throw report(ErrorCode.NoStorageVol, `no storage vol with matching name '${clone.name}'`);
    }
    if (p.def.allocation + v.allocation > p.def.capacity) {
      throw report(ErrorCode.InternalError, `Not enough free space in pool for volume '${v.name}'`);
    }
    v.target.path = `${p.def.targetPath ?? '(null)'}/${v.name}`;
    v.key = v.target.path;
    addVol(p, v);
    p.def.allocation += v.allocation;
    p.def.available = p.def.capacity - p.def.allocation;
    return volRef(p, v);
  };

  return {
    name: 'Test',
    async connectNumOfStoragePools() {
      return store.list(LIST.ACTIVE).length;
    },
    async connectListStoragePools(maxnames) {
      return store.list(LIST.ACTIVE).slice(0, Math.max(0, maxnames)).map((p) => p.def.name);
    },
    async connectNumOfDefinedStoragePools() {
      return store.list(LIST.INACTIVE).length;
    },
    async connectListDefinedStoragePools(maxnames) {
      return store.list(LIST.INACTIVE).slice(0, Math.max(0, maxnames)).map((p) => p.def.name);
    },
    async connectListAllStoragePools(flags) {
      checkFlags(flags, LIST_ALL, 'testConnectListAllStoragePools', ErrorDomain.Test);
      return store.list(flags).map(poolRef);
    },
    async connectFindStoragePoolSources(type, srcSpec, flags) {
      checkFlags(flags, 0, 'testConnectFindStoragePoolSources', ErrorDomain.Test);
      const t = PoolType.indexOf(type as PoolType);
      // libvirt tests the type number for zero, so "dir" is the one refused as unknown
      if (t === 0) throw report(ErrorCode.InternalError, `unknown storage pool type ${type}`);
      let source: PoolSource | undefined;
      if (srcSpec !== null) {
        if (t < 0) throw reportStorage(ErrorCode.InternalError, 'missing backend for pool type -1');
        source = await parsePoolSourceXml(srcSpec, PoolType[t]);
      }
      if (type === 'logical') return formatPoolSourceList('logical', logicalSources());
      if (type === 'netfs') {
        const host = source?.hosts[0]?.name;
        if (!host) throw report(ErrorCode.InvalidArg, 'hostname must be specified for netfs sources');
        return formatPoolSourceList('netfs', [{ format: 1, hosts: [{ name: host }], devices: [], dir: '/testshare' }]);
      }
      throw report(ErrorCode.NoSupport, `pool type '${type}' does not support source discovery`);
    },
    async storagePoolLookupByName(name) {
      return poolRef(store.findByName(name));
    },
    async storagePoolLookupByUUID(uuid) {
      return poolRef(store.findByUUID(uuid));
    },
    async storagePoolLookupByVolume(vol) {
      return poolRef(store.findByName(vol.pool));
    },
    async storagePoolCreateXML(xml, flags) {
      checkFlags(flags, 0, 'testStoragePoolCreateXML', ErrorDomain.Test);
      const def = await parsePoolXml(xml);
      const p = store.add(def, { checkLive: true });
      setDefaults(p);
      // created, not defined: the pool goes away when stopped
      p.configFile = null;
      p.active = true;
      state.events.storagePoolLifecycle(poolRef(p), StoragePoolEvent.Started);
      return poolRef(p);
    },
    async storagePoolDefineXML(xml, flags) {
      checkFlags(flags, 1, 'testStoragePoolDefineXML', ErrorDomain.Test);
      const def = await parsePoolXml(xml);
      def.capacity = DEFAULT_POOL_CAPACITY;
      def.allocation = 0n;
      def.available = DEFAULT_POOL_CAPACITY;
      const p = store.add(def);
      setDefaults(p);
      state.events.storagePoolLifecycle(poolRef(p), StoragePoolEvent.Defined);
      return poolRef(p);
    },
    async storagePoolBuild(pool, flags) {
      checkFlags(flags, 0, 'testStoragePoolBuild', ErrorDomain.Test);
      store.findInactiveByName(pool.name);
      state.events.storagePoolLifecycle(pool, StoragePoolEvent.Created);
    },
    async storagePoolUndefine(pool) {
      store.remove(store.findInactiveByName(pool.name));
      state.events.storagePoolLifecycle(pool, StoragePoolEvent.Undefined);
    },
    async storagePoolCreate(pool, flags) {
      checkFlags(flags, 0, 'testStoragePoolCreate', ErrorDomain.Test);
      store.findInactiveByName(pool.name).active = true;
      state.events.storagePoolLifecycle(pool, StoragePoolEvent.Started);
    },
    async storagePoolDestroy(pool) {
      const p = store.findActiveByName(pool.name);
      p.active = false;
      state.events.storagePoolLifecycle(poolRef(p), StoragePoolEvent.Stopped);
      if (p.configFile === null) store.remove(p);
    },
    async storagePoolDelete(pool, flags) {
      checkFlags(flags, 0, 'testStoragePoolDelete', ErrorDomain.Test);
      store.findInactiveByName(pool.name);
      state.events.storagePoolLifecycle(pool, StoragePoolEvent.Deleted);
    },
    async storagePoolRefresh(pool, flags) {
      checkFlags(flags, 0, 'testStoragePoolRefresh', ErrorDomain.Test);
      store.findActiveByName(pool.name);
      state.events.storagePoolRefresh(pool);
    },
    async storagePoolGetInfo(pool) {
      const p = store.findByName(pool.name);
      return { state: p.active ? 2 : 0, capacity: p.def.capacity, allocation: p.def.allocation, available: p.def.available };
    },
    async storagePoolGetXMLDesc(pool, flags) {
      checkFlags(flags, 0, 'testStoragePoolGetXMLDesc', ErrorDomain.Test);
      return formatPoolDef(store.findByName(pool.name).def);
    },
    async storagePoolGetAutostart(pool) {
      const p = store.findByName(pool.name);
      return p.configFile !== null && p.autostart;
    },
    async storagePoolSetAutostart(pool, autostart) {
      const p = store.findByName(pool.name);
      if (p.configFile === null) throw report(ErrorCode.InvalidArg, 'pool has no config file');
      p.autostart = autostart;
    },
    async storagePoolNumOfVolumes(pool) {
      return store.findActiveByName(pool.name).vols.length;
    },
    async storagePoolListVolumes(pool, maxnames) {
      return store
        .findActiveByName(pool.name)
        .vols.slice(0, Math.max(0, maxnames))
        .map((v) => v.name);
    },
    async storagePoolListAllVolumes(pool, flags) {
      checkFlags(flags, 0, 'testStoragePoolListAllVolumes', ErrorDomain.Test);
      const p = store.findByUUID(pool.uuid);
      if (!p.active) throw report(ErrorCode.OperationInvalid, 'storage pool is not active');
      return p.vols.map((v) => volRef(p, v));
    },
    async storagePoolIsActive(pool) {
      return store.findByUUID(pool.uuid).active;
    },
    async storagePoolIsPersistent(pool) {
      return store.findByUUID(pool.uuid).configFile !== null;
    },
    async storageVolLookupByName(pool, name) {
      const p = store.findActiveByName(pool.name);
      return volRef(p, findVolByName(p, name));
    },
    async storageVolLookupByKey(key) {
      const hit = store.findVol((v) => v.key === key);
      if (!hit) throw report(ErrorCode.NoStorageVol, `no storage vol with matching key '${key}'`);
      return volRef(hit[0], hit[1]);
    },
    async storageVolLookupByPath(path) {
      const hit = store.findVol((v) => v.target.path === path);
      if (!hit) throw report(ErrorCode.NoStorageVol, `no storage vol with matching path '${path}'`);
      return volRef(hit[0], hit[1]);
    },
    storageVolCreateXML(pool, xml, flags) {
      return createVol(pool, xml, flags, 'testStorageVolCreateXML');
    },
    storageVolCreateXMLFrom(pool, xml, clonevol, flags) {
      return createVol(pool, xml, flags, 'testStorageVolCreateXMLFrom', clonevol);
    },
    async storageVolDelete(vol, flags) {
      checkFlags(flags, 0, 'testStorageVolDelete', ErrorDomain.Test);
      const p = store.findActiveByName(vol.pool);
      const v = findVolByName(p, vol.name);
      p.def.allocation -= v.allocation;
      p.def.available = p.def.capacity - p.def.allocation;
      p.vols.splice(p.vols.indexOf(v), 1);
    },
    async storageVolGetInfo(vol) {
      const p = store.findActiveByName(vol.pool);
      const v = findVolByName(p, vol.name);
      return { type: volTypeForPool(p.def.type), capacity: v.capacity, allocation: v.allocation };
    },
    async storageVolGetXMLDesc(vol, flags) {
      checkFlags(flags, 0, 'testStorageVolGetXMLDesc', ErrorDomain.Test);
      const p = store.findActiveByName(vol.pool);
      return formatVolDef(p.def, findVolByName(p, vol.name));
    },
    async storageVolGetPath(vol) {
      const p = store.findActiveByName(vol.pool);
      return findVolByName(p, vol.name).target.path ?? '';
    },
  };
}

/** test:///default's pool: "default-pool", a running dir pool at /default-pool with no volumes. */
export function loadDefaultStorage(state: TestState): void {
  const def: PoolDef = {
    type: 'dir',
    name: 'default-pool',
    uuid: 'dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566',
    capacity: 0n,
    allocation: 0n,
    available: 0n,
    source: { format: 0, hosts: [], devices: [] },
    targetPath: '/default-pool',
    targetPerms: {},
  };
  const p = state.storage.add(def);
  setDefaults(p);
  p.active = true;
}

/**
 * testParseStorage: each /node/pool (inline or file='…') is defined and started, with its
 * <volume> children (inline or file='…') as volumes; a volume without a path or key gets one
 * from the pool's target path.
 */
export async function loadStorageFromConfig(state: TestState, root: XmlEl, baseDir: string): Promise<void> {
  for (const el of children(root, 'pool')) {
    const node = await resolveFileRef(el, baseDir);
    const p = state.storage.add(parsePoolDef(node));
    setDefaults(p);
    p.active = true;
    for (const vel of children(node, 'volume')) {
      const vnode = await resolveFileRef(vel, baseDir);
      const v = parseVolDef(p.def, vnode);
      v.target.path ??= `${p.def.targetPath ?? '(null)'}/${v.name}`;
      v.key ??= v.target.path;
      try {
        addVol(p, v);
      } catch {
        // libvirt fails the whole open without a message of its own here
        throw report(ErrorCode.InternalError, `cannot add volume '${v.name}' to pool '${p.def.name}'`);
      }
      p.def.allocation += v.allocation;
      p.def.available = p.def.capacity - p.def.allocation;
    }
  }
}
