// Storage pool and volume definitions (libvirt's storage_conf.c with the adapter, auth and
// permissions pieces it uses): typed definitions, readers with libvirt's checks and messages,
// and writers that reproduce `pool-dumpxml` / `vol-dumpxml` byte for byte.
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import { parseXml, type XmlEl } from './xml/parse.js';
import { XmlWriter } from './xml/writer.js';
import { elements, firstEl, prop, propEnum, propNonEmpty, propTristate, propUInt, strToULL, textContent, type Tristate } from './network/props.js';
import { formatUuid, generateUuid, parseUuid } from './network/uuid.js';

const report = errorsFrom(ErrorDomain.Storage);
const reportNone = errorsFrom(ErrorDomain.None);

export const PoolType = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage'] as const;
export type PoolType = (typeof PoolType)[number];

export const VolType = ['file', 'block', 'dir', 'network', 'netdir', 'ploop'] as const;
export type VolType = (typeof VolType)[number];

export const FileFormat = ['none', 'raw', 'dir', 'bochs', 'cloop', 'dmg', 'iso', 'vpc', 'vdi', 'fat', 'vhd', 'ploop', 'cow', 'qcow', 'qcow2', 'qed', 'vmdk'] as const;
export const FsFormat = ['auto', 'ext2', 'ext3', 'ext4', 'ufs', 'iso9660', 'udf', 'gfs', 'gfs2', 'vfat', 'hfs+', 'xfs', 'ocfs2', 'vmfs'] as const;
export const NetFsFormat = ['auto', 'nfs', 'glusterfs', 'cifs'] as const;
export const DiskFormat = ['unknown', 'dos', 'dvh', 'gpt', 'mac', 'bsd', 'pc98', 'sun', 'lvm2'] as const;
export const LogicalFormat = ['unknown', 'lvm2'] as const;
export const VolDiskFormat = ['none', 'linux', 'fat16', 'fat32', 'linux-swap', 'linux-lvm', 'linux-raid', 'extended'] as const;
export const FileFeature = ['lazy_refcounts', 'extended_l2'] as const;
export const AuthType = ['none', 'chap', 'ceph'] as const;
export const AdapterType = ['default', 'scsi_host', 'fc_host'] as const;
export const RefreshAllocation = ['default', 'capacity'] as const;

/** Which parts of <source> a pool type uses (libvirt's VIR_STORAGE_POOL_SOURCE_* flags). */
const SRC = { HOST: 1, DEVICE: 2, DIR: 4, ADAPTER: 8, NAME: 16, INITIATOR_IQN: 32, NETWORK: 64 } as const;

interface PoolTypeInfo {
  flags: number;
  /** Source format names; index 0.. as libvirt's enum; undefined when the type has no format. */
  poolFormats?: readonly string[];
  defaultPoolFormat?: number;
  volFormats?: readonly string[];
  defaultVolFormat?: number;
  /** The last format index offered (rbd lists none though it has a default). */
  lastVolFormat?: number;
}

const RAW = FileFormat.indexOf('raw');
const fileVols = { volFormats: FileFormat, defaultVolFormat: RAW, lastVolFormat: FileFormat.length };

/** libvirt's poolTypeInfo table. */
export const POOL_TYPE_INFO: Record<PoolType, PoolTypeInfo> = {
  logical: { flags: SRC.NAME | SRC.DEVICE, poolFormats: LogicalFormat, defaultPoolFormat: 1 },
  dir: { flags: 0, ...fileVols },
  fs: { flags: SRC.DEVICE, poolFormats: FsFormat, defaultPoolFormat: 0, ...fileVols },
  netfs: { flags: SRC.HOST | SRC.DIR, poolFormats: NetFsFormat, defaultPoolFormat: 0, ...fileVols },
  iscsi: { flags: SRC.HOST | SRC.DEVICE | SRC.INITIATOR_IQN },
  'iscsi-direct': { flags: SRC.HOST | SRC.DEVICE | SRC.NETWORK | SRC.INITIATOR_IQN },
  scsi: { flags: SRC.ADAPTER },
  rbd: { flags: SRC.HOST | SRC.NETWORK | SRC.NAME, volFormats: FileFormat, defaultVolFormat: RAW, lastVolFormat: 0 },
  sheepdog: { flags: SRC.HOST | SRC.NETWORK | SRC.NAME },
  gluster: { flags: SRC.HOST | SRC.NETWORK | SRC.NAME | SRC.DIR, ...fileVols },
  mpath: { flags: 0 },
  disk: { flags: SRC.DEVICE, poolFormats: DiskFormat, defaultPoolFormat: 0, volFormats: VolDiskFormat, defaultVolFormat: 0, lastVolFormat: VolDiskFormat.length },
  zfs: { flags: SRC.NAME | SRC.DEVICE },
  vstorage: { flags: SRC.NAME, ...fileVols },
};

export interface Perms {
  /** undefined = not given (libvirt's -1). */
  mode?: number;
  uid?: number;
  gid?: number;
  label?: string;
}

export interface SourceHost {
  name: string;
  port?: number;
}

export interface SourceDevice {
  path: string;
  partSeparator?: Tristate;
  freeExtents: { start: bigint; end: bigint }[];
}

export type Adapter =
  | { type: 'scsi_host'; name?: string; parentAddr?: { uniqueId: number; domain: number; bus: number; slot: number; function: number } }
  | { type: 'fc_host'; managed?: Tristate; parent?: string; parentWwnn?: string; parentWwpn?: string; parentFabricWwn?: string; wwnn?: string; wwpn?: string };

export interface StorageAuth {
  type: (typeof AuthType)[number];
  username: string;
  secretType?: string;
  secretUuid?: string;
  secretUsage?: string;
}

export interface PoolSource {
  name?: string;
  /** Index into the pool type's format list (when it has one). */
  format: number;
  hosts: SourceHost[];
  devices: SourceDevice[];
  dir?: string;
  adapter?: Adapter;
  initiatorIqn?: string;
  auth?: StorageAuth;
  protocolVer?: string;
  vendor?: string;
  product?: string;
}

export interface PoolDef {
  type: PoolType;
  name: string;
  uuid: string;
  capacity: bigint;
  allocation: bigint;
  available: bigint;
  cow?: Tristate;
  source: PoolSource;
  targetPath?: string;
  targetPerms: Perms;
  refreshAllocation?: (typeof RefreshAllocation)[number];
}

export interface VolTarget {
  path?: string;
  /** Index into the pool type's volume format list. */
  format: number;
  perms?: Perms;
  compat?: string;
  nocow: boolean;
  clusterSize?: bigint;
  features?: Set<(typeof FileFeature)[number]>;
  encryption?: XmlEl;
}

export interface VolDef {
  name: string;
  key?: string;
  type: VolType;
  capacity: bigint;
  allocation: bigint;
  hasAllocation: boolean;
  physical?: bigint;
  target: VolTarget;
  backingStore?: { path: string; format: number; perms: Perms };
}

export function emptySource(): PoolSource {
  return { format: 0, hosts: [], devices: [] };
}

// ---------------------------------------------------------------------------------------------
// Small readers

/** virFileSanitizePath: collapse repeated slashes and drop a trailing one (URIs are left alone). */
export function sanitizePath(path: string): string {
  const uri = path.indexOf('://');
  if (uri >= 0 && path.indexOf('/') > uri) return path;
  let out = '';
  let i = 0;
  if (path[0] === '/' && path[1] === '/' && path[2] !== '/') {
    out = '//';
    i = 2;
  }
  while (i < path.length) {
    if (path[i] !== '/') {
      out += path[i++];
      continue;
    }
    while (path[++i] === '/');
    if (out !== '' && i >= path.length) break;
    out += '/';
  }
  return out;
}

/** virScaleInteger: apply a unit suffix ('' = `scale` bytes), within `limit`. */
export function scaleInteger(value: bigint, suffix: string | undefined, scale: bigint, limit: bigint, domain = ErrorDomain.None): bigint {
  let mult: bigint;
  const sfx = suffix ?? '';
  if (sfx === '') mult = scale;
  else if (/^(b|byte|bytes)$/i.test(sfx)) mult = 1n;
  else {
    let base: bigint;
    if (sfx.length === 1 || sfx.slice(1).toLowerCase() === 'ib') base = 1024n;
    else if (sfx[1].toLowerCase() === 'b' && sfx.length === 2) base = 1000n;
    else throw errorsFrom(domain)(ErrorCode.InvalidArg, `unknown suffix '${sfx}'`);
    const power = 'kmgtpe'.indexOf(sfx[0].toLowerCase());
    if (power < 0) throw errorsFrom(domain)(ErrorCode.InvalidArg, `unknown suffix '${sfx}'`);
    mult = base ** BigInt(power + 1);
  }
  if (value && value > limit / mult) throw errorsFrom(domain)(ErrorCode.Overflow, `value too large: ${value}${sfx}`);
  return value * mult;
}

const LLONG_MAX = 0x7fffffffffffffffn;

/** virStorageSize */
function storageSize(unit: string | undefined, val: string): bigint {
  const v = strToULL(val, { positive: true });
  if (v === null) throw report(ErrorCode.XmlError, 'malformed capacity element');
  return scaleInteger(v, unit, 1n, LLONG_MAX);
}

function xpathText(el: XmlEl | undefined, ...path: string[]): string | undefined {
  let cur = el;
  for (const p of path) cur = firstEl(cur, p);
  if (!cur) return undefined;
  const t = textContent(cur);
  return t === '' ? undefined : t;
}

/** virXPathLongLong("string(./x)"): a signed decimal, or null when malformed. */
function parseLongLong(s: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)$/.exec(s);
  if (!m) return null;
  const v = BigInt(m[1]);
  return v > LLONG_MAX || v < -LLONG_MAX - 1n ? null : v;
}

/** virStorageDefParsePerms over a <permissions> element (absent → nothing set). */
function parsePerms(node: XmlEl | undefined): Perms {
  if (!node) return {};
  const perms: Perms = {};
  const mode = xpathText(node, 'mode');
  if (mode !== undefined) {
    const m = /^[ \t\n\v\f\r]*([+-]?)([0-7]+)$/.exec(mode);
    const v = m ? parseInt(m[2], 8) * (m[1] === '-' ? -1 : 1) : NaN;
    if (!m || Number.isNaN(v) || v > 0x7fffffff || (v & ~0o777) !== 0) throw report(ErrorCode.XmlError, 'malformed octal mode');
    perms.mode = v;
  }
  for (const which of ['owner', 'group'] as const) {
    if (!firstEl(node, which)) continue;
    const s = xpathText(node, which);
    const v = s === undefined ? null : parseLongLong(s);
    if (v === null || ((v < 0n || v > 0xffffffffn) && v !== -1n)) throw report(ErrorCode.XmlError, `malformed ${which} element`);
    if (v !== -1n && v !== 0xffffffffn) {
      if (which === 'owner') perms.uid = Number(v);
      else perms.gid = Number(v);
    }
  }
  perms.label = xpathText(node, 'label');
  return perms;
}

function validateWwn(wwn: string): void {
  const p = wwn.startsWith('0x') ? wwn.slice(2) : wwn;
  if (!/^[0-9a-fA-F]{16}$/.test(p)) throw reportNone(ErrorCode.InternalError, `Malformed wwn: ${wwn}`);
}

function parsePciAttrs(node: XmlEl) {
  const a = {
    domain: propUInt(node, 'domain', {}, 0) ?? 0,
    bus: propUInt(node, 'bus', {}, 0) ?? 0,
    slot: propUInt(node, 'slot', {}, 0) ?? 0,
    function: propUInt(node, 'function', {}, 0) ?? 0,
  };
  if (a.domain || a.bus || a.slot) {
    if (a.bus > 0xff) throw reportNone(ErrorCode.XmlError, `Invalid PCI address bus='0x${a.bus.toString(16)}', must be <= 0xFF`);
    if (a.slot > 0x1f) throw reportNone(ErrorCode.XmlError, `Invalid PCI address slot='0x${a.slot.toString(16)}', must be <= 0x1F`);
    if (a.function > 7) throw reportNone(ErrorCode.XmlError, `Invalid PCI address function=0x${a.function.toString(16)}, must be <= 7`);
  }
  return a;
}

/** virStorageAdapterParseXML */
function parseAdapter(node: XmlEl): Adapter | undefined {
  const type = propEnum(node, 'type', AdapterType, { nonzero: true });
  if (type === undefined) {
    if (prop(node, 'wwnn') !== undefined || prop(node, 'wwpn') !== undefined || prop(node, 'parent') !== undefined) {
      throw report(ErrorCode.XmlError, "Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter 'type'");
    }
    if (firstEl(node, 'parentaddr')) throw report(ErrorCode.XmlError, "Use of 'parentaddr' element requires use of the adapter 'type'");
    const name = prop(node, 'name');
    return name === undefined ? undefined : { type: 'scsi_host', name };
  }
  if (type === 'fc_host') {
    return {
      type,
      managed: propTristate(node, 'managed'),
      parent: prop(node, 'parent'),
      parentWwnn: prop(node, 'parent_wwnn'),
      parentWwpn: prop(node, 'parent_wwpn'),
      parentFabricWwn: prop(node, 'parent_fabric_wwn'),
      wwpn: prop(node, 'wwpn'),
      wwnn: prop(node, 'wwnn'),
    };
  }
  const a: Adapter = { type: 'scsi_host', name: prop(node, 'name') };
  const pa = firstEl(node, 'parentaddr');
  if (pa) {
    const addr = firstEl(pa, 'address');
    if (!addr) throw report(ErrorCode.XmlError, 'Missing scsi_host PCI address element');
    const uid = propNonEmpty(pa, 'unique_id');
    const u = uid === undefined ? NaN : Number(uid);
    if (uid === undefined || !/^[ \t]*[+-]?[0-9]+$/.test(uid) || u < 0) {
      throw report(ErrorCode.XmlError, "Missing or invalid scsi adapter 'unique_id' value");
    }
    a.parentAddr = { uniqueId: u, ...parsePciAttrs(addr) };
  }
  return a;
}

/** virStorageAdapterValidate */
function validateAdapter(a: Adapter | undefined): void {
  if (!a) throw report(ErrorCode.XmlError, 'missing storage pool source adapter');
  if (a.type === 'fc_host') {
    if (!a.wwnn || !a.wwpn) throw report(ErrorCode.XmlError, "'wwnn' and 'wwpn' must be specified for adapter type 'fchost'");
    validateWwn(a.wwnn);
    validateWwn(a.wwpn);
    if (a.parentWwnn && !a.parentWwpn) throw report(ErrorCode.XmlError, `when providing parent_wwnn='${a.parentWwnn}', the parent_wwpn must also be provided`);
    if (!a.parentWwnn && a.parentWwpn) throw report(ErrorCode.XmlError, `when providing parent_wwpn='${a.parentWwpn}', the parent_wwnn must also be provided`);
    if (a.parentWwnn) validateWwn(a.parentWwnn);
    if (a.parentWwpn) validateWwn(a.parentWwpn);
    if (a.parentFabricWwn) validateWwn(a.parentFabricWwn);
  } else {
    if (!a.name && !a.parentAddr) throw report(ErrorCode.XmlError, "Either 'name' or 'parent' must be specified for the 'scsi_host' adapter");
    if (a.name && a.parentAddr) throw report(ErrorCode.XmlError, "Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter");
  }
}

/** virStorageAuthDefParse */
function parseAuth(node: XmlEl): StorageAuth {
  const username = propNonEmpty(node, 'username');
  if (username === undefined) throw report(ErrorCode.XmlError, 'missing username for auth');
  const t = propNonEmpty(node, 'type');
  let type: StorageAuth['type'] = 'none';
  if (t !== undefined) {
    if (!AuthType.includes(t as StorageAuth['type'])) throw report(ErrorCode.ConfigUnsupported, `unknown auth type '${t}'`);
    type = t as StorageAuth['type'];
  }
  const secret = firstEl(node, 'secret');
  if (!secret) throw report(ErrorCode.XmlError, 'Missing <secret> element in auth');
  const auth: StorageAuth = { type, username, secretType: prop(secret, 'type') };
  const uuid = prop(secret, 'uuid');
  const usage = prop(secret, 'usage');
  if (uuid === undefined && usage === undefined) throw reportNone(ErrorCode.XmlError, 'missing secret uuid or usage attribute');
  if (uuid !== undefined && usage !== undefined) throw reportNone(ErrorCode.XmlError, 'either secret uuid or usage expected');
  if (uuid !== undefined) {
    const u = parseUuid(uuid);
    if (!u) throw reportNone(ErrorCode.XmlError, `invalid secret uuid '${uuid}'`);
    auth.secretUuid = u;
  } else auth.secretUsage = usage;
  return auth;
}

// ---------------------------------------------------------------------------------------------
// Pools

/** virStoragePoolDefParseSource */
export function parsePoolSource(node: XmlEl, type: PoolType): PoolSource {
  const info = POOL_TYPE_INFO[type];
  const src = emptySource();
  src.name = xpathText(node, 'name');
  if (type === 'rbd' && src.name === undefined) throw report(ErrorCode.XmlError, "element 'name' is mandatory for RBD pool");
  if (info.poolFormats) {
    const f = propNonEmpty(firstEl(node, 'format'), 'type');
    if (f === undefined) src.format = info.defaultPoolFormat ?? 0;
    else {
      src.format = info.poolFormats.indexOf(f);
      if (src.format < 0) throw report(ErrorCode.ConfigUnsupported, `unknown pool format type ${f}`);
    }
  }
  for (const h of elements(node, 'host')) {
    const name = prop(h, 'name');
    if (name === undefined) throw report(ErrorCode.XmlError, 'missing storage pool host name');
    const portS = prop(h, 'port');
    let port: number | undefined;
    if (portS !== undefined) {
      const m = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/.exec(portS);
      const v = m ? Number(portS.trim()) : NaN;
      if (!m || v > 0x7fffffff || v < -0x80000000) {
        throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `Invalid value for attribute 'port' in element 'host': '${portS}'. Expected integer value`);
      }
      port = v;
    }
    src.hosts.push({ name, port });
  }
  src.initiatorIqn = propNonEmpty(firstEl(firstEl(node, 'initiator'), 'iqn'), 'name');
  for (const d of elements(node, 'device')) {
    const path = prop(d, 'path');
    if (path === undefined) throw report(ErrorCode.XmlError, 'missing storage pool source device path');
    src.devices.push({ path, partSeparator: propTristate(d, 'part_separator'), freeExtents: [] });
  }
  const dir = propNonEmpty(firstEl(node, 'dir'), 'path');
  if (dir !== undefined) src.dir = sanitizePath(dir);
  if (src.dir === undefined && type === 'gluster') src.dir = '/';
  const adapter = firstEl(node, 'adapter');
  if (adapter) src.adapter = parseAdapter(adapter);
  const auth = firstEl(node, 'auth');
  if (auth) {
    src.auth = parseAuth(auth);
    if (src.auth.type === 'none') throw report(ErrorCode.ConfigUnsupported, 'storage pool missing auth type');
  }
  src.protocolVer = propNonEmpty(firstEl(node, 'protocol'), 'ver');
  if (src.protocolVer !== undefined) {
    // libvirt compares the format number against the netfs enum whatever the pool type
    if (src.format !== 1 && src.format !== 0) {
      throw report(ErrorCode.ConfigUnsupported, `storage pool protocol ver unsupported for pool type '${NetFsFormat[src.format] ?? '(null)'}'`);
    }
    if (src.protocolVer.includes(',')) throw report(ErrorCode.XmlDetail, `storage pool protocol ver '${src.protocolVer}' must not contain ','`);
  }
  src.vendor = propNonEmpty(firstEl(node, 'vendor'), 'name');
  src.product = propNonEmpty(firstEl(node, 'product'), 'name');
  return src;
}

/** virStoragePoolDefParse of a string: the root must be <pool>. */
export async function parsePoolXml(text: string): Promise<PoolDef> {
  const root = await parseXml(text, '(storage_pool_definition)', ErrorDomain.Storage);
  if (root.name !== 'pool') throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `expecting root element of 'pool', not '${root.name}'`);
  return parsePoolDef(root);
}

/** virStoragePoolDefParseSourceString: a lone <source> for a pool type (find-storage-pool-sources). */
export async function parsePoolSourceXml(text: string, type: PoolType): Promise<PoolSource> {
  const root = await parseXml(text, '(storage_source_specification)', ErrorDomain.Storage);
  if (root.name !== 'source') throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `expecting root element of 'source', not '${root.name}'`);
  return parsePoolSource(root, type);
}

/** virStoragePoolDefParseXML: `root` is a <pool> element. */
export function parsePoolDef(root: XmlEl): PoolDef {
  const type = propEnum(root, 'type', PoolType, { required: true })!;
  const info = POOL_TYPE_INFO[type];
  const srcNode = firstEl(root, 'source');
  let source: PoolSource;
  if (srcNode) source = parsePoolSource(srcNode, type);
  else {
    source = emptySource();
    if (info.poolFormats) source.format = info.defaultPoolFormat ?? 0;
  }
  let name = xpathText(root, 'name');
  if (name === undefined && info.flags & SRC.NAME) name = source.name;
  if (name === undefined) throw report(ErrorCode.XmlError, 'missing pool source name element');
  if (name.includes('/')) throw report(ErrorCode.XmlError, `name ${name} cannot contain '/'`);
  const uuidS = xpathText(root, 'uuid');
  let uuid: string;
  if (uuidS === undefined) uuid = generateUuid();
  else {
    const u = parseUuid(uuidS);
    if (!u) throw report(ErrorCode.XmlError, 'malformed uuid element');
    uuid = u;
  }
  const def: PoolDef = { type, name, uuid, capacity: 0n, allocation: 0n, available: 0n, source, targetPerms: {} };
  const cow = propTristate(firstEl(firstEl(root, 'features'), 'cow'), 'state');
  if (cow !== undefined) {
    if (type !== 'fs' && type !== 'dir') throw report(ErrorCode.NoSupport, "cow feature may only be used for 'fs' and 'dir' pools");
    def.cow = cow;
  }
  if (info.flags & SRC.HOST && source.hosts.length === 0) throw report(ErrorCode.XmlError, 'missing storage pool source host name');
  if (info.flags & SRC.DIR && source.dir === undefined) throw report(ErrorCode.XmlError, 'missing storage pool source path');
  if (info.flags & SRC.NAME && source.name === undefined) source.name = name;
  if (info.flags & SRC.ADAPTER) validateAdapter(source.adapter);
  if (info.flags === SRC.DEVICE && source.devices.length === 0) throw report(ErrorCode.XmlError, 'missing storage pool source device name');
  if (!(info.flags & SRC.NETWORK)) {
    let target: string | undefined;
    if (type === 'logical') target = `/dev/${source.name}`;
    else if (type === 'zfs') target = `/dev/zvol/${source.name}`;
    else {
      target = xpathText(root, 'target', 'path');
      if (target === undefined) throw report(ErrorCode.XmlError, 'missing storage pool target path');
    }
    def.targetPath = sanitizePath(target);
    def.targetPerms = parsePerms(firstEl(firstEl(root, 'target'), 'permissions'));
  }
  if (type === 'iscsi-direct' && !source.initiatorIqn) throw report(ErrorCode.ConfigUnsupported, 'missing initiator IQN');
  const alloc = propNonEmpty(firstEl(firstEl(root, 'refresh'), 'volume'), 'allocation');
  if (alloc !== undefined) {
    if (!RefreshAllocation.includes(alloc as (typeof RefreshAllocation)[number])) {
      throw report(ErrorCode.ConfigUnsupported, `unknown storage pool volume refresh allocation type ${alloc}`);
    }
    def.refreshAllocation = alloc as PoolDef['refreshAllocation'];
  }
  return def;
}

function formatPerms(w: XmlWriter, p: Perms | undefined): void {
  if (!p || (p.mode === undefined && p.uid === undefined && p.gid === undefined && p.label === undefined)) return;
  w.element('permissions', undefined, () => {
    if (p.mode !== undefined) w.text('mode', `0${p.mode.toString(8)}`);
    if (p.uid !== undefined) w.text('owner', p.uid | 0);
    if (p.gid !== undefined) w.text('group', p.gid | 0);
    if (p.label !== undefined) w.text('label', p.label);
  });
}

function formatAdapter(w: XmlWriter, a: Adapter): void {
  if (a.type === 'fc_host') {
    w.empty('adapter', [
      ['type', a.type],
      ['parent', a.parent],
      ['parent_wwnn', a.parentWwnn],
      ['parent_wwpn', a.parentWwpn],
      ['parent_fabric_wwn', a.parentFabricWwn],
      ['managed', a.managed],
      ['wwnn', a.wwnn ?? '(null)'],
      ['wwpn', a.wwpn ?? '(null)'],
    ]);
    return;
  }
  if (a.name !== undefined || !a.parentAddr) {
    w.empty('adapter', [['type', a.type], ['name', a.name ?? '(null)']]);
    return;
  }
  const pa = a.parentAddr;
  const hex = (v: number, width: number) => `0x${v.toString(16).padStart(width, '0')}`;
  w.element('adapter', [['type', a.type]], () => {
    w.element('parentaddr', [['unique_id', pa.uniqueId]], () => {
      w.empty('address', [['domain', hex(pa.domain, 4)], ['bus', hex(pa.bus, 2)], ['slot', hex(pa.slot, 2)], ['function', `0x${pa.function}`]]);
    });
  });
}

/** virStoragePoolSourceFormat */
export function formatPoolSource(w: XmlWriter, type: PoolType, src: PoolSource): void {
  const info = POOL_TYPE_INFO[type];
  w.element(
    'source',
    undefined,
    () => {
      if (info.flags & SRC.HOST) for (const h of src.hosts) w.empty('host', [['name', h.name], ['port', h.port || undefined]]);
      if (info.flags & SRC.DEVICE) {
        for (const d of src.devices) {
          const attrs: [string, string | undefined][] = [['path', d.path], ['part_separator', d.partSeparator]];
          if (d.freeExtents.length) {
            w.element('device', attrs, () => {
              for (const e of d.freeExtents) w.empty('freeExtent', [['start', e.start], ['end', e.end]]);
            });
          } else w.empty('device', attrs);
        }
      }
      if (info.flags & SRC.DIR && src.dir !== undefined) w.empty('dir', [['path', src.dir]]);
      if (info.flags & SRC.ADAPTER && src.adapter) formatAdapter(w, src.adapter);
      if (info.flags & SRC.NAME && src.name !== undefined) w.text('name', src.name);
      if (info.flags & SRC.INITIATOR_IQN && src.initiatorIqn !== undefined) {
        w.element('initiator', undefined, () => w.empty('iqn', [['name', src.initiatorIqn]]));
      }
      if (info.poolFormats) w.empty('format', [['type', info.poolFormats[src.format]]]);
      if (src.auth) {
        const a = src.auth;
        w.element('auth', [['type', a.type === 'none' ? undefined : a.type], ['username', a.username]], () => {
          w.empty('secret', [['type', a.secretType], ['uuid', a.secretUuid], ['usage', a.secretUuid ? undefined : a.secretUsage]]);
        });
      }
      if (src.protocolVer !== undefined) w.empty('protocol', [['ver', src.protocolVer]]);
      if (src.vendor !== undefined) w.empty('vendor', [['name', src.vendor]]);
      if (src.product !== undefined) w.empty('product', [['name', src.product]]);
    },
    { keepEmpty: true },
  );
}

/** virStoragePoolDefFormat */
export function formatPoolDef(def: PoolDef): string {
  const w = new XmlWriter();
  w.element('pool', [['type', def.type]], () => {
    w.text('name', def.name);
    w.text('uuid', formatUuid(def.uuid));
    w.text('capacity', def.capacity, [['unit', 'bytes']]);
    w.text('allocation', def.allocation, [['unit', 'bytes']]);
    w.text('available', def.available, [['unit', 'bytes']]);
    if (def.cow) w.element('features', undefined, () => w.empty('cow', [['state', def.cow]]));
    formatPoolSource(w, def.type, def.source);
    if (!['rbd', 'sheepdog', 'gluster', 'iscsi-direct'].includes(def.type)) {
      w.element(
        'target',
        undefined,
        () => {
          if (def.targetPath !== undefined) w.text('path', def.targetPath);
          formatPerms(w, def.targetPerms);
        },
        { keepEmpty: true },
      );
    }
    if (def.refreshAllocation) w.element('refresh', undefined, () => w.empty('volume', [['allocation', def.refreshAllocation]]));
  });
  return w.toString();
}

/** virStoragePoolSourceListFormat: the <sources> document find-storage-pool-sources prints. */
export function formatPoolSourceList(type: PoolType, sources: PoolSource[]): string {
  const w = new XmlWriter();
  w.element(
    'sources',
    undefined,
    () => {
      for (const s of sources) formatPoolSource(w, type, s);
    },
    { keepEmpty: true },
  );
  return w.toString();
}

/** virStoragePoolOptionsFormatPool / FormatVolume, for pool-capabilities. */
export function formatPoolTypeOptions(w: XmlWriter, type: PoolType): void {
  const info = POOL_TYPE_INFO[type];
  if (info.poolFormats) {
    const formats = info.poolFormats;
    w.element('poolOptions', undefined, () => {
      w.empty('defaultFormat', [['type', formats[info.defaultPoolFormat ?? 0]]]);
      w.element('enum', [['name', 'sourceFormatType']], () => formats.forEach((f) => w.text('value', f)), { keepEmpty: true });
    });
  }
  if (info.volFormats) {
    const formats = info.volFormats;
    w.element('volOptions', undefined, () => {
      w.empty('defaultFormat', [['type', formats[info.defaultVolFormat ?? 0]]]);
      w.element('enum', [['name', 'targetFormatType']], () => formats.slice(0, info.lastVolFormat).forEach((f) => w.text('value', f)), { keepEmpty: true });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Volumes

/** virStorageVolDefParse flags (VIR_VOL_XML_PARSE_*) */
export const VolParseFlags = {
  NO_CAPACITY: 1 << 0,
  OPT_CAPACITY: 1 << 1,
  VALIDATE: 1 << 2,
} as const;

/** virStorageVolDefParse of a string for a pool of `pool.type`. */
export async function parseVolXml(pool: Pick<PoolDef, 'type'>, text: string, flags = 0): Promise<VolDef> {
  const root = await parseXml(text, '(storage_volume_definition)', ErrorDomain.Storage);
  if (root.name !== 'volume') throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `expecting root element of 'volume', not '${root.name}'`);
  return parseVolDef(pool, root, flags);
}

function volFormat(info: PoolTypeInfo, f: string | undefined): number {
  if (!info.volFormats) return 0;
  if (f === undefined) return info.defaultVolFormat ?? 0;
  const i = info.volFormats.indexOf(f);
  // the file-format table refuses "none" as a volume format
  if (i < 0 || (info.volFormats === FileFormat && i === 0)) throw report(ErrorCode.ConfigUnsupported, `unknown volume format type ${f}`);
  return i;
}

/** virStorageVolDefParseXML: `root` is a <volume> element. */
export function parseVolDef(pool: Pick<PoolDef, 'type'>, root: XmlEl, flags = 0): VolDef {
  const info = POOL_TYPE_INFO[pool.type];
  const name = xpathText(root, 'name');
  if (name === undefined) throw report(ErrorCode.XmlError, 'missing volume name element');
  const def: VolDef = { name, key: xpathText(root, 'key'), type: 'file', capacity: 0n, allocation: 0n, hasAllocation: false, target: { format: 0, nocow: false } };
  const t = propNonEmpty(root, 'type');
  if (t !== undefined) {
    if (!VolType.includes(t as VolType)) throw report(ErrorCode.ConfigUnsupported, `unknown volume type '${t}'`);
    def.type = t as VolType;
  }
  const bs = firstEl(root, 'backingStore');
  const bsPath = xpathText(bs, 'path');
  if (bsPath !== undefined) {
    def.backingStore = {
      path: bsPath,
      format: info.volFormats ? volFormat(info, propNonEmpty(firstEl(bs, 'format'), 'type')) : 0,
      perms: parsePerms(firstEl(bs, 'permissions')),
    };
  }
  const capNode = firstEl(root, 'capacity');
  const cap = xpathText(root, 'capacity');
  if (cap !== undefined) def.capacity = storageSize(propNonEmpty(capNode, 'unit'), cap);
  else if (!(flags & VolParseFlags.NO_CAPACITY) && !(flags & VolParseFlags.OPT_CAPACITY && def.backingStore)) {
    throw report(ErrorCode.XmlError, 'missing capacity element');
  }
  const alloc = xpathText(root, 'allocation');
  if (alloc !== undefined) {
    def.allocation = storageSize(propNonEmpty(firstEl(root, 'allocation'), 'unit'), alloc);
    def.hasAllocation = true;
  } else def.allocation = def.capacity;
  const target = firstEl(root, 'target');
  def.target.path = xpathText(target, 'path');
  if (info.volFormats) def.target.format = volFormat(info, propNonEmpty(firstEl(target, 'format'), 'type'));
  def.target.perms = parsePerms(firstEl(target, 'permissions'));
  const enc = firstEl(target, 'encryption');
  if (enc) def.target.encryption = enc;
  def.target.compat = xpathText(target, 'compat');
  if (def.target.compat !== undefined) {
    const parts = def.target.compat.split('.');
    const num = (s: string) => /^[ \t]*[+-]?[0-9]+$/.test(s);
    if (parts.length < 2 || !num(parts[0]) || !num(parts.slice(1).join('.'))) {
      throw report(ErrorCode.XmlError, "forbidden characters in 'compat' attribute");
    }
  }
  if (firstEl(target, 'nocow')) def.target.nocow = true;
  const cs = firstEl(target, 'clusterSize');
  const csText = xpathText(target, 'clusterSize');
  if (csText !== undefined) {
    const v = strToULL(csText, { positive: true });
    if (v === null) throw reportNone(ErrorCode.InvalidArg, "invalid value for element './target/clusterSize'");
    def.target.clusterSize = scaleInteger(v, propNonEmpty(cs, 'unit'), 1n, 0xffffffffffffffffn);
  }
  const feats = firstEl(target, 'features');
  if (feats) {
    def.target.compat ??= '1.1';
    def.target.features = new Set();
    for (const f of elements(feats)) {
      if (!FileFeature.includes(f.name as (typeof FileFeature)[number])) throw report(ErrorCode.ConfigUnsupported, `unsupported feature ${f.name}`);
      def.target.features.add(f.name as (typeof FileFeature)[number]);
    }
  }
  return def;
}

function formatVolTarget(w: XmlWriter, info: PoolTypeInfo, tag: string, t: { path?: string; format: number; perms?: Perms }, full?: VolTarget): void {
  w.element(
    tag,
    undefined,
    () => {
      if (t.path !== undefined) w.text('path', t.path);
      if (info.volFormats) w.empty('format', [['type', info.volFormats[t.format]]]);
      formatPerms(w, t.perms);
      if (!full) return;
      if (full.encryption) w.raw(`${reencode(full.encryption, w.indent)}\n`);
      if (full.compat !== undefined) w.text('compat', full.compat);
      if (full.clusterSize) w.text('clusterSize', full.clusterSize, [['unit', 'B']]);
      if (full.features) {
        const fs = FileFeature.filter((f) => full.features!.has(f));
        w.element('features', undefined, () => fs.forEach((f) => w.empty(f)));
      }
    },
    { keepEmpty: true },
  );
}

/** An <encryption> element written back in libvirt's layout (format attribute, then secrets). */
function reencode(enc: XmlEl, indent: number): string {
  const w = new XmlWriter(indent);
  w.element('encryption', [['format', prop(enc, 'format')]], () => {
    for (const s of elements(enc, 'secret')) w.empty('secret', [['type', prop(s, 'type')], ['uuid', prop(s, 'uuid')], ['usage', prop(s, 'usage')]]);
  });
  return w.toString().replace(/\n$/, '');
}

/** virStorageVolDefFormat */
export function formatVolDef(pool: Pick<PoolDef, 'type'>, def: VolDef): string {
  const info = POOL_TYPE_INFO[pool.type];
  const w = new XmlWriter();
  w.element('volume', [['type', def.type]], () => {
    w.text('name', def.name);
    if (def.key !== undefined) w.text('key', def.key);
    w.text('capacity', def.capacity, [['unit', 'bytes']]);
    w.text('allocation', def.allocation, [['unit', 'bytes']]);
    if (def.physical) w.text('physical', def.physical, [['unit', 'bytes']]);
    formatVolTarget(w, info, 'target', def.target, def.target);
    if (def.backingStore) formatVolTarget(w, info, 'backingStore', def.backingStore);
  });
  return w.toString();
}

/** Pool type → virStorageVolType a test-driver volume reports (testStorageVolumeTypeForPool). */
export function volTypeForPool(type: PoolType): number {
  switch (type) {
    case 'dir':
    case 'fs':
    case 'netfs':
    case 'vstorage':
      return 0;
    case 'sheepdog':
    case 'iscsi-direct':
    case 'gluster':
    case 'rbd':
      return 3;
    case 'logical':
    case 'disk':
    case 'mpath':
    case 'iscsi':
    case 'scsi':
    case 'zfs':
      return 1;
  }
}
