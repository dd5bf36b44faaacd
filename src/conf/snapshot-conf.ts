// Domain snapshot XML (libvirt's snapshot_conf.c): <domainsnapshot> → typed definition → canonical
// XML. The embedded <domain> (and <inactiveDomain>) are parsed and formatted by the domain conf.
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import { logger } from '../util/log.js';
import type { DomainDef } from './domain/domain-def.js';
import { formatDomainXml } from './domain/domain-format.js';
import { parseDomainRoot } from './domain/domain-parse.js';
import { dumpElement, textElement } from './domain/xml-out.js';
import { isEl, parseXml, type XmlEl } from './xml/parse.js';
import { XmlWriter } from './xml/writer.js';

const report = errorsFrom(ErrorDomain.DomainSnapshot);
const log = logger('conf.snapshot_conf');

/** virDomainSnapshotState: virDomainState plus disk-snapshot; 'nostate' (0) is never valid input. */
export const SNAPSHOT_STATES = ['nostate', 'running', 'blocked', 'paused', 'shutdown', 'shutoff', 'crashed', 'pmsuspended', 'disk-snapshot'] as const;
export type SnapshotState = (typeof SNAPSHOT_STATES)[number];

/** virDomainSnapshotLocation; 'default' means "not decided yet" and is never written out. */
export const SNAPSHOT_LOCATIONS = ['default', 'no', 'internal', 'external', 'manual'] as const;
export type SnapshotLocation = (typeof SNAPSHOT_LOCATIONS)[number];

/** virStorageType names; 'none' is never valid input. */
const STORAGE_TYPES = ['none', 'file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser'] as const;
/** virStorageFileFormat names; 'none' is never valid input. */
const STORAGE_FORMATS = ['none', 'raw', 'dir', 'bochs', 'cloop', 'dmg', 'iso', 'vpc', 'vdi', 'fat', 'vhd', 'ploop', 'cow', 'qcow', 'qcow2', 'qed', 'vmdk'] as const;

export interface SnapshotDiskDef {
  /** The disk's target (or source path, until aligned with the domain). */
  name: string;
  snapshot: SnapshotLocation;
  /** Storage type of the new image: file, block, network, … */
  type: string;
  /** The image path (file or block device), when given. */
  path?: string;
  /** A <source> of a kind kept verbatim (network, nvme, vhostuser). */
  sourceEl?: XmlEl;
  /** Image format (<driver type>). */
  format?: string;
  metadataCacheMaxSize?: bigint;
  deleteInProgress?: boolean;
}

export interface SnapshotDef {
  name: string;
  description?: string;
  /** Unset until the driver decides it (new snapshots); always set after a redefine. */
  state?: SnapshotState;
  parentName?: string;
  /** Seconds since the epoch; 0 is "unset" as in libvirt. */
  creationTime: bigint;
  memory: SnapshotLocation;
  memoryFile?: string;
  disks: SnapshotDiskDef[];
  /** The domain definition captured with the snapshot (absent in very old snapshots). */
  dom?: DomainDef;
  /** The persistent definition, when it differed from the running one. */
  inactiveDom?: DomainDef;
}

export interface SnapshotParseFlags {
  /** VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE: the XML describes an existing snapshot. */
  redefine?: boolean;
  /** VIR_DOMAIN_SNAPSHOT_PARSE_INTERNAL: read <active> (the driver's own saved form). */
  internal?: boolean;
  /** VIR_DOMAIN_SNAPSHOT_PARSE_OFFLINE */
  offline?: boolean;
  /** The clock, for a new snapshot's creation time (seconds). */
  now?: () => bigint;
}

export interface ParsedSnapshot {
  def: SnapshotDef;
  /** With `internal`: whether the snapshot was the current one. */
  current?: boolean;
}

/** XPath child lookup: elements without a namespace only. */
function kid(el: XmlEl | undefined, name: string): XmlEl | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (isEl(c) && c.name === name && c.ns === '') return c;
  return undefined;
}

/** virXPathString: the text of an element, with an empty result counted as absent. */
function str(el: XmlEl | undefined): string | undefined {
  if (!el) return undefined;
  let s = '';
  const walk = (e: XmlEl) => {
    for (const c of e.children) {
      if ('text' in c) s += c.text;
      else if ('cdata' in c) s += c.cdata;
      else if (isEl(c)) walk(c);
    }
  };
  walk(el);
  return s === '' ? undefined : s;
}

/** virStrToLong_ll, base 10: optional blanks and sign, digits, nothing after. */
function parseLongLong(s: string | undefined): bigint | undefined {
  if (s === undefined || !/^[ \t\n\v\f\r]*[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s.trim());
  if (v < -(2n ** 63n) || v > 2n ** 63n - 1n) return undefined;
  return v;
}

/** virXMLPropEnumDefault with VIR_XML_PROP_NONZERO. */
function propEnum<T extends string>(el: XmlEl, name: string, values: readonly T[], dflt: T): T {
  const v = el.attrs[name];
  if (v === undefined) return dflt;
  const i = values.indexOf(v as T);
  if (i <= 0) throw report(ErrorCode.XmlError, `Invalid value for attribute '${name}' in element '${el.name}': '${v}'.`);
  return values[i];
}

function parseDisk(node: XmlEl, flags: SnapshotParseFlags): SnapshotDiskDef {
  const name = node.attrs.name;
  if (name === undefined) throw report(ErrorCode.InternalError, 'missing name from disk snapshot element');
  let snapshot = propEnum(node, 'snapshot', SNAPSHOT_LOCATIONS, 'default');
  const type = propEnum(node, 'type', STORAGE_TYPES, 'file');
  if (type === 'volume' || type === 'dir') throw report(ErrorCode.XmlError, `unsupported disk snapshot type '${type}'`);
  const disk: SnapshotDiskDef = { name, snapshot, type };
  if (flags.redefine && kid(node, 'snapshotDeleteInProgress')) disk.deleteInProgress = true;
  const source = kid(node, 'source');
  if (source) {
    let p: string | undefined;
    if (type === 'file') p = source.attrs.file;
    else if (type === 'block') p = source.attrs.dev;
    else disk.sourceEl = source;
    // libvirt treats an empty path as no source at all.
    if (p) disk.path = p;
  }
  const driver = kid(node, 'driver')?.attrs.type;
  if (driver) {
    const i = STORAGE_FORMATS.indexOf(driver as (typeof STORAGE_FORMATS)[number]);
    if (i <= 0) throw report(ErrorCode.ConfigUnsupported, `unknown disk snapshot driver '${driver}'`);
    disk.format = driver;
  }
  if (disk.path !== undefined && !disk.path.startsWith('/')) {
    throw report(ErrorCode.XmlError, `disk snapshot image path '${disk.path}' must be absolute`);
  }
  if (snapshot === 'default' && (disk.path !== undefined || disk.format !== undefined)) snapshot = 'external';
  disk.snapshot = snapshot;
  return disk;
}

/** virDomainSnapshotDefParse on an already parsed <domainsnapshot> element. */
export function parseSnapshotRoot(root: XmlEl, flags: SnapshotParseFlags = {}): ParsedSnapshot {
  let name = str(kid(root, 'name'));
  if (name === undefined && flags.redefine) throw report(ErrorCode.XmlError, 'a redefined snapshot must have a name');
  const def: SnapshotDef = { name: name ?? '', creationTime: 0n, memory: 'default', disks: [] };
  const description = str(kid(root, 'description'));
  if (description !== undefined) def.description = description;
  let offline = !!flags.offline;

  if (flags.redefine) {
    const created = parseLongLong(str(kid(root, 'creationTime')));
    if (created === undefined) throw report(ErrorCode.InternalError, 'missing creationTime from existing snapshot');
    def.creationTime = created;
    const parent = str(kid(kid(root, 'parent'), 'name'));
    if (parent !== undefined) def.parentName = parent;
    const state = str(kid(root, 'state'));
    if (state === undefined) throw report(ErrorCode.XmlError, 'missing state from existing snapshot');
    const si = SNAPSHOT_STATES.indexOf(state as SnapshotState);
    if (si <= 0) throw report(ErrorCode.ConfigUnsupported, `Invalid state '${state}' in domain snapshot XML`);
    def.state = SNAPSHOT_STATES[si];
    offline = def.state === 'shutoff' || def.state === 'disk-snapshot';
    // Snapshots from before libvirt recorded the domain type carry only its <uuid>; keep none then.
    const domEl = kid(root, 'domain');
    if (domEl?.attrs.type) def.dom = parseDomainRoot(domEl);
    else log.warn('parsing older snapshot that lacks domain');
    const inactiveEl = kid(root, 'inactiveDomain');
    if (inactiveEl) def.inactiveDom = parseDomainRoot(inactiveEl);
  } else {
    // virDomainMomentDefPostParse: stamp the creation time; an unnamed snapshot is named after it.
    def.creationTime = flags.now ? flags.now() : BigInt(Math.floor(Date.now() / 1000));
    if (name === undefined) name = def.name = String(def.creationTime);
  }

  const memEl = kid(root, 'memory');
  if (memEl) {
    if (memEl.attrs.file !== undefined) def.memoryFile = memEl.attrs.file;
    def.memory = propEnum(memEl, 'snapshot', SNAPSHOT_LOCATIONS, 'default');
    if (def.memory === 'manual') throw report(ErrorCode.XmlError, "'manual' memory snapshot mode not supported");
  }
  if (def.memory === 'default') {
    if (def.memoryFile !== undefined) def.memory = 'external';
    else if (flags.redefine) def.memory = offline ? 'no' : 'internal';
  }
  if (def.memoryFile !== undefined && def.memory !== 'external') {
    throw report(ErrorCode.XmlError, `memory filename '${def.memoryFile}' requires external snapshot`);
  }
  if (def.memoryFile === undefined && def.memory === 'external') {
    throw report(ErrorCode.XmlError, 'external memory snapshots require a filename');
  }
  if (offline && def.memory !== 'default' && def.memory !== 'no') {
    throw report(ErrorCode.XmlError, 'memory state cannot be saved with offline or disk-only snapshot');
  }
  if (def.memoryFile !== undefined && !def.memoryFile.startsWith('/')) {
    throw report(ErrorCode.XmlError, `memory snapshot file path (${def.memoryFile}) must be absolute`);
  }

  // Every element under <disks> counts, whatever its name (the XPath is ./disks/*).
  const disksEl = kid(root, 'disks');
  for (const c of disksEl?.children ?? []) if (isEl(c)) def.disks.push(parseDisk(c, flags));

  const out: ParsedSnapshot = { def };
  if (flags.internal) {
    const active = parseLongLong(str(kid(root, 'active')));
    if (active === undefined || active < -(2n ** 31n) || active > 2n ** 31n - 1n) {
      throw report(ErrorCode.InternalError, "Could not find 'active' element");
    }
    out.current = active !== 0n;
  }
  return out;
}

/** virDomainSnapshotDefParseString: parse the text, checking the root element first. */
export async function parseSnapshotXml(xml: string, flags: SnapshotParseFlags = {}): Promise<ParsedSnapshot> {
  const root = await parseXml(xml, '(domain_snapshot)', ErrorDomain.DomainSnapshot);
  if (root.name !== 'domainsnapshot') {
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `expecting root element of 'domainsnapshot', not '${root.name}'`);
  }
  return parseSnapshotRoot(root, flags);
}

/** virDomainSnapshotDefIsExternal */
export function snapshotIsExternal(def: SnapshotDef): boolean {
  return def.memory === 'external' || def.disks.some((d) => d.snapshot === 'external');
}

export interface SnapshotFormatFlags {
  /** Include secrets in the embedded domain (VIR_DOMAIN_SNAPSHOT_XML_SECURE). */
  secure?: boolean;
  /** Add <active> (the driver's own saved form); `current` is its value. */
  internal?: boolean;
  current?: boolean;
}

function formatDisk(w: XmlWriter, d: SnapshotDiskDef): void {
  const attrs: [string, string | undefined][] = [['name', d.name]];
  if (d.snapshot !== 'default') attrs.push(['snapshot', d.snapshot]);
  const hasImage = d.path !== undefined || d.format !== undefined || d.sourceEl !== undefined;
  if (hasImage) attrs.push(['type', d.type]);
  w.element('disk', attrs, (w) => {
    if (d.deleteInProgress) w.empty('snapshotDeleteInProgress');
    if (!hasImage) return;
    w.optional('driver', [['type', d.format]], (w) => {
      if (d.metadataCacheMaxSize) w.element('metadata_cache', undefined, (w) => w.text('max_size', d.metadataCacheMaxSize, { unit: 'bytes' }));
    });
    if (d.sourceEl) w.raw(dumpElement(d.sourceEl, w.indent));
    else if (d.path !== undefined) w.empty('source', [[d.type === 'block' ? 'dev' : 'file', d.path]]);
  });
}

/** Shift a formatted document right by `by` spaces (for nesting a domain inside the snapshot). */
function nest(xml: string, by: number): string {
  const pad = ' '.repeat(by);
  return xml.replace(/^(?=.)/gm, pad);
}

/**
 * virDomainSnapshotDefFormat. `domainUuid` stands in for a missing domain definition (old
 * snapshots), as libvirt writes <domain><uuid>…</uuid></domain> then.
 */
export function formatSnapshotXml(def: SnapshotDef, domainUuid: string | undefined, flags: SnapshotFormatFlags = {}): string {
  const w = new XmlWriter();
  w.element('domainsnapshot', undefined, (w) => {
    textElement(w, 'name', def.name);
    textElement(w, 'description', def.description);
    if (def.state && def.state !== 'nostate') w.text('state', def.state);
    if (def.parentName !== undefined) w.element('parent', undefined, (w) => textElement(w, 'name', def.parentName));
    if (def.creationTime) w.text('creationTime', def.creationTime);
    if (def.memory !== 'default') w.empty('memory', [['snapshot', def.memory], ['file', def.memoryFile]]);
    if (def.disks.length) w.element('disks', undefined, (w) => def.disks.forEach((d) => formatDisk(w, d)));
    const domFlags = { inactive: true, secure: !!flags.secure };
    if (def.dom) w.raw(nest(formatDomainXml(def.dom, domFlags), w.indent));
    else if (domainUuid) w.element('domain', undefined, (w) => w.text('uuid', domainUuid));
    if (def.inactiveDom) {
      const inactive = formatDomainXml(def.inactiveDom, domFlags).replace(/^<domain\b/, '<inactiveDomain').replace(/<\/domain>\n$/, '</inactiveDomain>\n');
      w.raw(nest(inactive, w.indent));
    }
    if (flags.internal) w.text('active', flags.current ? 1 : 0);
  });
  return w.toString();
}

/** virDomainDiskGetSource for the local kinds (file, block, dir); network and others have no path. */
function diskSourcePath(d: DomainDef['devices']['disks'][number]): string | undefined {
  return d.source?.path;
}

/** virStorageSourceIsEmpty: a local disk without a path, or a network disk without a protocol. */
function diskIsEmpty(d: DomainDef['devices']['disks'][number]): boolean {
  if ((d.type === 'file' || d.type === 'block' || d.type === 'dir') && !d.source?.path) return true;
  if (d.type === 'none') return true;
  return d.type === 'network' && !d.source?.protocol;
}

/** virDomainDiskByName: by target name, or by source path when the name starts with '/' (unambiguous only). */
function diskByName(dom: DomainDef, name: string) {
  if (!name.startsWith('/')) return dom.devices.disks.find((d) => d.target.dev === name);
  const hits = dom.devices.disks.filter((d) => diskSourcePath(d) === name);
  return hits.length === 1 ? hits[0] : undefined;
}

/** Hooks into the host for external snapshot names (tests replace the file check). */
export interface AlignOptions {
  /** Whether a path names a regular file (libvirt stat()s it). */
  isRegularFile(path: string): boolean;
}

/**
 * virDomainSnapshotAlignDisks: one entry per domain disk, in the domain's order, with each
 * location decided; requested disks are checked against the domain. `existingDom` stands in when
 * a redefinition carries no domain of its own.
 */
export function alignSnapshotDisks(def: SnapshotDef, existingDom: DomainDef | undefined, defaultLocation: SnapshotLocation, uniformInternal: boolean, opts: AlignOptions): void {
  const dom = def.dom ?? existingDom;
  if (!dom) throw report(ErrorCode.InternalError, 'missing domain in snapshot');
  const domDisks = dom.devices.disks;
  if (def.disks.length > domDisks.length) throw report(ErrorCode.ConfigUnsupported, 'too many disk snapshot requests for domain');
  const requireMatch = uniformInternal && defaultLocation === 'internal';
  if (domDisks.length === 0) return;

  const byTarget = new Map<string, SnapshotDiskDef>();
  for (const disk of def.disks) {
    const domDisk = diskByName(dom, disk.name);
    if (!domDisk) throw report(ErrorCode.ConfigUnsupported, `no disk named '${disk.name}'`);
    if (byTarget.has(domDisk.target.dev)) throw report(ErrorCode.ConfigUnsupported, `disk '${disk.name}' specified twice`);
    byTarget.set(domDisk.target.dev, disk);
    const domLocation = (domDisk.snapshot ?? 'default') as SnapshotLocation;
    if (disk.snapshot === 'default') {
      disk.snapshot = domLocation !== 'default' && (!requireMatch || domLocation === 'no') ? domLocation : defaultLocation;
    } else if (requireMatch && disk.snapshot !== defaultLocation && !(disk.snapshot === 'no' && domLocation === 'no')) {
      throw report(ErrorCode.ConfigUnsupported, `disk '${disk.name}' must use snapshot mode '${defaultLocation}'`);
    }
    if (disk.path !== undefined && disk.snapshot !== 'external') {
      throw report(ErrorCode.ConfigUnsupported, `file '${disk.path}' for disk '${disk.name}' requires use of external snapshot mode`);
    }
    disk.name = domDisk.target.dev;
  }

  def.disks = domDisks.map((domDisk) => {
    const requested = byTarget.get(domDisk.target.dev);
    if (requested) return requested;
    // Empty drives are never snapshotted; others follow the disk's own setting, else the default.
    let snapshot: SnapshotLocation = diskIsEmpty(domDisk) ? 'no' : ((domDisk.snapshot ?? 'default') as SnapshotLocation);
    if (snapshot === 'default') snapshot = defaultLocation;
    return { name: domDisk.target.dev, snapshot, type: 'file' };
  });

  assignExternalNames(def, opts);
}

/** virDomainSnapshotDefAssignExternalNames: "<disk image minus suffix>.<snapshot name>". */
function assignExternalNames(def: SnapshotDef, opts: AlignOptions): void {
  def.disks.forEach((disk, i) => {
    if (disk.snapshot !== 'external' || disk.path !== undefined) return;
    if (disk.type !== 'file') {
      throw report(ErrorCode.ConfigUnsupported, `cannot generate external snapshot name for disk '${disk.name}' on a '${disk.type}' device`);
    }
    const domDisk = def.dom?.devices.disks[i];
    const orig = domDisk ? diskSourcePath(domDisk) : undefined;
    if (!orig) throw report(ErrorCode.ConfigUnsupported, `cannot generate external snapshot name for disk '${disk.name}' without source`);
    if (!opts.isRegularFile(orig)) {
      throw report(ErrorCode.ConfigUnsupported, `source for disk '${disk.name}' is not a regular file; refusing to generate external snapshot name`);
    }
    const dot = orig.lastIndexOf('.');
    const stem = dot >= 0 && !orig.slice(dot).includes('/') ? orig.slice(0, dot) : orig;
    disk.path = `${stem}.${def.name}`;
    for (let j = 0; j < i; j++) {
      if (def.disks[j].path === disk.path) {
        throw report(ErrorCode.ConfigUnsupported, `cannot generate external snapshot name for disk '${disk.name}': collision with disk '${def.disks[j].name}'`);
      }
    }
  });
}
