// Domain checkpoint XML (libvirt's checkpoint_conf.c): <domaincheckpoint> → typed definition →
// canonical XML. libvirt always checks a checkpoint document against its schema before reading
// it; the embedded <domain> is parsed and formatted by the domain conf.
import { ErrorCode, ErrorDomain, errorsFrom } from '../util/error.js';
import type { DiskDef, DomainDef } from './domain/domain-def.js';
import { formatDomainXml } from './domain/domain-format.js';
import { parseDomainRoot } from './domain/domain-parse.js';
import { escapeLibvirt, textElement } from './domain/xml-out.js';
import { isEl, parseXml, type XmlEl } from './xml/parse.js';
import { validateAgainstSchema } from './xml/schema-validate.js';
import { XmlWriter } from './xml/writer.js';

const report = errorsFrom(ErrorDomain.DomainCheckpoint);

/** virDomainCheckpointType; 'default' means "not decided yet" and is never written out. */
export const CHECKPOINT_TYPES = ['default', 'no', 'bitmap'] as const;
export type CheckpointType = (typeof CHECKPOINT_TYPES)[number];

export interface CheckpointDiskDef {
  /** The disk's target (or source path, until aligned with the domain). */
  name: string;
  type: CheckpointType;
  /** The name of the dirty bitmap (the checkpoint's name unless given). */
  bitmap?: string;
  /** Bytes dirtied since the checkpoint, when the driver could tell (VIR_DOMAIN_CHECKPOINT_XML_SIZE). */
  size?: bigint;
}

export interface CheckpointDef {
  name: string;
  description?: string;
  parentName?: string;
  /** Seconds since the epoch; 0 is "unset" as in libvirt. */
  creationTime: bigint;
  disks: CheckpointDiskDef[];
  /** The domain definition captured with the checkpoint. */
  dom?: DomainDef;
}

export interface CheckpointParseFlags {
  /** VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE: the XML describes an existing checkpoint. */
  redefine?: boolean;
  /** The clock, for a new checkpoint's creation time (seconds). */
  now?: () => bigint;
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

/** virDomainCheckpointDiskDefParseXML; the schema has already vouched for the attributes. */
function parseDisk(node: XmlEl): CheckpointDiskDef {
  const checkpoint = node.attrs.checkpoint;
  const i = checkpoint === undefined ? -1 : CHECKPOINT_TYPES.indexOf(checkpoint as CheckpointType);
  const disk: CheckpointDiskDef = { name: node.attrs.name ?? '', type: i < 0 ? 'bitmap' : CHECKPOINT_TYPES[i] };
  if (node.attrs.bitmap !== undefined) disk.bitmap = node.attrs.bitmap;
  return disk;
}

/** virDomainCheckpointDefParse on an already parsed (and validated) <domaincheckpoint> element. */
export function parseCheckpointRoot(root: XmlEl, flags: CheckpointParseFlags = {}): CheckpointDef {
  const name = str(kid(root, 'name'));
  if (name === undefined && flags.redefine) throw report(ErrorCode.XmlError, 'a redefined checkpoint must have a name');
  const def: CheckpointDef = { name: name ?? '', creationTime: 0n, disks: [] };
  const description = str(kid(root, 'description'));
  if (description !== undefined) def.description = description;

  if (flags.redefine) {
    const created = parseLongLong(str(kid(root, 'creationTime')));
    if (created === undefined) throw report(ErrorCode.InternalError, 'missing creationTime from existing checkpoint');
    def.creationTime = created;
    const parent = str(kid(kid(root, 'parent'), 'name'));
    if (parent !== undefined) def.parentName = parent;
    const domEl = kid(root, 'domain');
    if (domEl) def.dom = parseDomainRoot(domEl);
  } else {
    // virDomainMomentDefPostParse: stamp the creation time; an unnamed checkpoint is named after it.
    def.creationTime = flags.now ? flags.now() : BigInt(Math.floor(Date.now() / 1000));
    if (name === undefined) def.name = String(def.creationTime);
  }

  // Every element under <disks> counts, whatever its name (the XPath is ./disks/*).
  for (const c of kid(root, 'disks')?.children ?? []) if (isEl(c)) def.disks.push(parseDisk(c));
  return def;
}

const URL = '(domain_checkpoint)';

/** virDomainCheckpointDefParseString: parse, check the root element, validate, then read. */
export async function parseCheckpointXml(xml: string, flags: CheckpointParseFlags = {}): Promise<CheckpointDef> {
  const root = await parseXml(xml, URL, ErrorDomain.DomainCheckpoint);
  if (root.name !== 'domaincheckpoint') {
    throw errorsFrom(ErrorDomain.Xml)(ErrorCode.XmlError, `expecting root element of 'domaincheckpoint', not '${root.name}'`);
  }
  await validateAgainstSchema(xml, URL, 'domaincheckpoint.rng');
  return parseCheckpointRoot(root, flags);
}

/** virDomainCheckpointDefAssignBitmapNames: a bitmap disk without a bitmap name takes the checkpoint's. */
export function assignBitmapNames(def: CheckpointDef): void {
  for (const d of def.disks) if (d.type === 'bitmap' && d.bitmap === undefined) d.bitmap = def.name;
}

/** virStorageSourceIsEmpty: a local disk without a path, no storage at all, or a network disk without a protocol. */
function diskIsEmpty(d: DiskDef): boolean {
  if ((d.type === 'file' || d.type === 'block' || d.type === 'dir') && !d.source?.path) return true;
  if (d.type === 'none') return true;
  return d.type === 'network' && !d.source?.protocol;
}

/** virDomainDiskByName: by target name, or by source path when the name starts with '/' (unambiguous only). */
function diskByName(dom: DomainDef, name: string): DiskDef | undefined {
  if (!name.startsWith('/')) return dom.devices.disks.find((d) => d.target.dev === name);
  const hits = dom.devices.disks.filter((d) => d.source?.path === name);
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * virDomainCheckpointAlignDisks: one entry per domain disk, in the domain's order. Without any
 * <disks>, every writable disk with storage gets a bitmap; with some, the others get none.
 */
export function alignCheckpointDisks(def: CheckpointDef): void {
  const dom = def.dom;
  if (!dom) throw report(ErrorCode.InternalError, 'missing domain in checkpoint');
  const domDisks = dom.devices.disks;
  if (def.disks.length > domDisks.length) throw report(ErrorCode.ConfigUnsupported, 'too many disk checkpoint requests for domain');
  if (domDisks.length === 0) throw report(ErrorCode.ConfigUnsupported, 'domain must have at least one disk to perform checkpoints');
  const fallback: CheckpointType = def.disks.length === 0 ? 'bitmap' : 'no';

  const byTarget = new Map<string, CheckpointDiskDef>();
  for (const disk of def.disks) {
    const domDisk = diskByName(dom, disk.name);
    if (!domDisk) throw report(ErrorCode.ConfigUnsupported, `no disk named '${disk.name}'`);
    if (byTarget.has(domDisk.target.dev)) throw report(ErrorCode.ConfigUnsupported, `disk '${disk.name}' specified twice`);
    byTarget.set(domDisk.target.dev, disk);
    if ((diskIsEmpty(domDisk) || domDisk.readonly) && disk.type !== 'no') {
      throw report(ErrorCode.ConfigUnsupported, `disk '${disk.name}' is empty or readonly`);
    }
    disk.name = domDisk.target.dev;
  }

  def.disks = domDisks.map((domDisk) => {
    const requested = byTarget.get(domDisk.target.dev);
    if (requested) return requested;
    const type: CheckpointType = diskIsEmpty(domDisk) || domDisk.readonly ? 'no' : fallback;
    return { name: domDisk.target.dev, type };
  });
  assignBitmapNames(def);
}

export interface CheckpointFormatFlags {
  /** Include secrets in the embedded domain (VIR_DOMAIN_CHECKPOINT_XML_SECURE). */
  secure?: boolean;
  /** Leave the embedded domain out (VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN). */
  noDomain?: boolean;
  /** Show each bitmap's dirty size where known (VIR_DOMAIN_CHECKPOINT_XML_SIZE). */
  size?: boolean;
}

/** Shift a formatted document right by `by` spaces (for nesting the domain inside the checkpoint). */
function nest(xml: string, by: number): string {
  const pad = ' '.repeat(by);
  return xml.replace(/^(?=.)/gm, pad);
}

/** virDomainCheckpointDefFormat */
export function formatCheckpointXml(def: CheckpointDef, flags: CheckpointFormatFlags = {}): string {
  const w = new XmlWriter();
  w.element('domaincheckpoint', undefined, (w) => {
    textElement(w, 'name', def.name);
    textElement(w, 'description', def.description);
    if (def.parentName !== undefined) w.element('parent', undefined, (w) => textElement(w, 'name', def.parentName));
    if (def.creationTime) w.text('creationTime', def.creationTime);
    if (def.disks.length) {
      w.element('disks', undefined, (w) => {
        for (const d of def.disks) {
          if (!d.name) continue;
          let line = `<disk name='${escapeLibvirt(d.name)}'`;
          if (d.type !== 'default') line += ` checkpoint='${d.type}'`;
          if (d.bitmap !== undefined) {
            line += ` bitmap='${escapeLibvirt(d.bitmap)}'`;
            if (flags.size && d.size !== undefined) line += ` size='${d.size}'`;
          }
          w.raw(`${' '.repeat(w.indent)}${line}/>\n`);
        }
      });
    }
    if (def.dom && !flags.noDomain) w.raw(nest(formatDomainXml(def.dom, { inactive: true, secure: !!flags.secure }), w.indent));
  });
  return w.toString();
}
