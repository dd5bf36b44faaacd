// What the Snapshot and Checkpoint groups do alike. virsh-checkpoint.c follows virsh-snapshot.c
// closely: both list a domain's objects as a table, by name or as a tree of parents and children,
// print a parent, and delete with or without children. Each group passes in its object kind's
// API calls, flags and noun; what only one of them does stays in its own file.
import { escapeLibvirt } from '../../../../conf/domain/xml-out.js';
import { isEl, type XmlEl } from '../../../../conf/xml/parse.js';
import { CommandFailure, type Ctl, type OptDef, type ParsedCommand } from '../../../vsh/command-def.js';
import { printTable, Table } from '../../../vsh/table.js';
import { exclusiveVar } from './exclusive-options.js';
import { strcasecmp } from './virsh-strings.js';

/** A snapshot or a checkpoint, as far as the shared commands use one. */
export interface DomainMoment {
  readonly name: string;
  delete(flags: number): Promise<void>;
}

/** The result of a parent query: its name, null for a root, false once a failure was reported. */
export type ParentName = string | null | false;

/** string(/domainsnapshot/a/b…) or string(/domaincheckpoint/a/b…): undefined when empty. */
export function xpathString(root: XmlEl, ...names: string[]): string | undefined {
  let cur: XmlEl | undefined = root;
  for (const n of names) cur = cur?.children.find((c): c is XmlEl => isEl(c) && c.name === n && c.ns === '');
  if (!cur) return undefined;
  let s = '';
  const walk = (e: XmlEl) => {
    for (const c of e.children) {
      if ('text' in c) s += c.text;
      else if ('cdata' in c) s += c.cdata;
      else if (isEl(c)) walk(c);
    }
  };
  walk(cur);
  return s === '' ? undefined : s;
}

// --- *-create-as ---

/** The first *-create-as options, after the domain. */
export function createAsOpts(noun: string): OptDef[] {
  return [
    { name: 'name', type: 'string', help: `name of the ${noun}` },
    { name: 'description', type: 'string', help: `description of the ${noun}` },
    { name: 'print-xml', type: 'bool', help: 'only print the XML that would be used' },
  ];
}

/**
 * The document *-create-as builds: <ROOT> with --name, --description, the kind's own part
 * (`middle`, snapshot's --memspec) and the --diskspec disks. Undefined after a reported error.
 */
export function createAsXml(
  ctl: Ctl,
  cmd: ParsedCommand,
  root: string,
  diskXml: (spec: string) => string | undefined,
  middle: () => string | undefined = () => '',
): string | undefined {
  const name = cmd.stringReq('name');
  const desc = cmd.stringReq('description');
  let buf = `<${root}>\n`;
  if (name !== undefined) buf += `  <name>${escapeLibvirt(name)}</name>\n`;
  if (desc !== undefined) buf += `  <description>${escapeLibvirt(desc)}</description>\n`;
  const own = middle();
  if (own === undefined) return undefined;
  buf += own;
  if (cmd.has('diskspec')) {
    buf += '  <disks>\n';
    for (const spec of cmd.argv('diskspec')) {
      const disk = diskXml(spec);
      if (disk === undefined) return undefined;
      buf += disk;
    }
    buf += '  </disks>\n';
  }
  return `${buf}</${root}>\n`;
}

// --- *-parent and *-delete ---

/** The *-parent commands' output: the parent's name, or virsh's line for a root. */
export async function printParent<T extends DomainMoment>(ctl: Ctl, noun: string, item: T, parentName: (t: T) => Promise<ParentName>): Promise<boolean> {
  const parent = await parentName(item);
  if (parent === false) return false;
  if (parent === null) {
    ctl.error(`${noun} '${item.name}' has no parent`);
    return false;
  }
  ctl.print(parent);
  return true;
}

/** The *-delete options after the object's name; `metadataHelp` says what --metadata leaves. */
export function deleteOpts(noun: string, metadataHelp: string): OptDef[] {
  return [
    { name: 'children', type: 'bool', help: 'delete its children as well' },
    { name: 'children-only', type: 'bool', help: `delete its children but keep the ${noun}` },
    { name: 'metadata', type: 'bool', help: metadataHelp },
  ];
}

/** The delete flags both kinds share (virDomainSnapshotDeleteFlags, virDomainCheckpointDeleteFlags). */
export interface DeleteFlags {
  readonly CHILDREN: number;
  readonly METADATA_ONLY: number;
  readonly CHILDREN_ONLY: number;
}

/** The body of snapshot-delete and checkpoint-delete once the object is found. */
export async function deleteAndReport(ctl: Ctl, cmd: ParsedCommand, noun: string, item: DomainMoment, D: DeleteFlags): Promise<boolean> {
  let flags = 0;
  if (cmd.has('children')) flags |= D.CHILDREN;
  if (cmd.has('children-only')) flags |= D.CHILDREN_ONLY;
  if (cmd.has('metadata')) flags |= D.METADATA_ONLY;
  try {
    await item.delete(flags);
  } catch (e) {
    throw new CommandFailure(`Failed to delete ${noun} ${item.name}`, e);
  }
  if (flags & D.CHILDREN_ONLY) ctl.printExtra(`Domain ${noun} ${item.name} children deleted\n`);
  else ctl.printExtra(`Domain ${noun} ${item.name} deleted\n`);
  return true;
}

// --- *-list ---

/**
 * The *-list options, in virsh's order: the shared ones around the kind's own filters
 * (`filters`, after --no-leaves) and its extra ways to pick the start (`afterFrom`).
 */
export function listOpts(noun: string, filters: OptDef[], afterFrom: OptDef[]): OptDef[] {
  return [
    { name: 'parent', type: 'bool', help: `add a column with the parent ${noun}` },
    { name: 'roots', type: 'bool', help: `only ${noun}s without a parent` },
    { name: 'leaves', type: 'bool', help: `only ${noun}s without children` },
    { name: 'no-leaves', type: 'bool', help: `only ${noun}s with children` },
    ...filters,
    { name: 'tree', type: 'bool', help: `draw the ${noun}s as a tree` },
    { name: 'from', type: 'string', help: `only children of this ${noun}` },
    ...afterFrom,
    { name: 'descendants', type: 'bool', help: 'with --from, all descendants rather than children' },
    { name: 'name', type: 'bool', help: 'print names only' },
    { name: 'topological', type: 'bool', help: 'parents before children instead of by name' },
  ];
}

/** The list options both kinds read, and whether they clash (reported, in virsh's order). */
export function listModes(ctl: Ctl, cmd: ParsedCommand): { tree: boolean; nameOnly: boolean; parent: boolean; roots: boolean; from: boolean } | undefined {
  const modes = { tree: cmd.has('tree'), nameOnly: cmd.has('name'), parent: cmd.has('parent'), roots: cmd.has('roots'), from: cmd.has('from') };
  const { tree, nameOnly, parent, roots, from } = modes;
  if (exclusiveVar(ctl, 'tree', tree, 'name', nameOnly)) return undefined;
  if (exclusiveVar(ctl, 'parent', parent, 'roots', roots)) return undefined;
  if (exclusiveVar(ctl, 'parent', parent, 'tree', tree)) return undefined;
  if (exclusiveVar(ctl, 'roots', roots, 'tree', tree)) return undefined;
  if (exclusiveVar(ctl, 'roots', roots, 'from', from)) return undefined;
  return modes;
}

/** Filter options that a tree cannot honour, as list flags; undefined after a reported clash. */
export function treeExcludedFilters(ctl: Ctl, cmd: ParsedCommand, tree: boolean, filters: readonly (readonly [string, number])[]): number | undefined {
  let flags = 0;
  for (const [opt, bit] of filters) {
    if (!cmd.has(opt)) continue;
    if (tree) {
      ctl.error(`--${opt} and --tree are mutually exclusive`);
      return undefined;
    }
    flags |= bit;
  }
  return flags;
}

/** One listed object, with its parent's name when a tree needs it. */
export interface Listed<T> {
  item: T;
  parent: string | null;
}

/**
 * virshSnapshotListCollect / virshCheckpointListCollect after the list call: parents for a tree
 * (the starting object heading it), then virsh's name order unless the list is topological.
 * Undefined when a parent query failed (already reported).
 */
export async function collectListed<T extends DomainMoment>(
  items: T[],
  opts: { from: T | undefined; tree: boolean; topological: boolean; parentName(t: T): Promise<ParentName> },
): Promise<Listed<T>[] | undefined> {
  const list: Listed<T>[] = items.map((item) => ({ item, parent: null }));
  if (opts.tree) {
    for (const entry of list) {
      const parent = await opts.parentName(entry.item);
      if (parent === false) return undefined;
      entry.parent = parent;
    }
    // With --from, the starting object heads the tree as the only entry without a parent.
    if (opts.from) list.push({ item: opts.from, parent: null });
  }
  if (!opts.topological) list.sort((a, b) => strcasecmp(a.item.name, b.item.name));
  return list;
}

/** --tree and --name output; false when the list is to be a table instead. */
export function printTreeOrNames(ctl: Ctl, list: readonly Listed<DomainMoment>[], tree: boolean, nameOnly: boolean): boolean {
  if (tree) {
    const names = list.map((e) => e.item.name);
    const parents = list.map((e) => e.parent);
    let out = '';
    list.forEach((e, i) => {
      if (e.parent === null) out += treeLines(names, parents, i);
    });
    ctl.print(out);
    return true;
  }
  if (nameOnly) {
    ctl.print(list.map((e) => `${e.item.name}\n`).join(''));
    return true;
  }
  return false;
}

/**
 * The *-list table: name, creation time, the kind's own `columns`, then the parent with
 * --parent. virsh leaves out, without a word, an object whose XML it cannot read or whose
 * creation time or own cells (`cells` returns undefined) are missing.
 */
export async function printListTable<T extends DomainMoment>(
  ctl: Ctl,
  list: readonly Listed<T>[],
  opts: { columns: string[]; parent: boolean; readDoc(t: T): Promise<XmlEl>; cells(doc: XmlEl): string[] | undefined },
): Promise<void> {
  const table = new Table(['Name', 'Creation Time', ...opts.columns, ...(opts.parent ? ['Parent'] : [])]);
  for (const { item } of list) {
    let doc: XmlEl;
    try {
      doc = await opts.readDoc(item);
    } catch {
      continue;
    }
    const cells = opts.cells(doc);
    const created = xpathString(doc, 'creationTime');
    if (cells === undefined || created === undefined || !/^[ \t\n\v\f\r]*[+-]?\d+$/.test(created)) continue;
    const when = formatLocalTime(BigInt(created.trim()));
    table.addRow([item.name, when, ...cells, ...(opts.parent ? [xpathString(doc, 'parent', 'name') ?? ''] : [])]);
  }
  printTable(ctl, table);
}

/** vshTreePrint: one root and its descendants, drawn with "+-" and "|". */
export function treeLines(names: readonly string[], parents: readonly (string | null)[], root: number): string {
  let out = '';
  const visit = (devid: number, lastdev: number, isRoot: boolean, indent: string): string => {
    const dev = names[devid];
    out += `${indent}${isRoot ? '' : '+- '}${dev}\n`;
    if (!isRoot) indent += `${devid === lastdev ? ' ' : '|'} `;
    let nextlast = -1;
    parents.forEach((p, i) => {
      if (p === dev) nextlast = i;
    });
    if (nextlast !== -1) out += `${indent}  |\n`;
    const childIndent = `${indent}  `;
    parents.forEach((p, i) => {
      if (p === dev) visit(i, nextlast, false, childIndent);
    });
    if (nextlast === -1 && devid === lastdev) out += `${indent}\n`;
    return out;
  };
  visit(root, root, true, '');
  return out;
}

/** g_date_time_format(local time, "%Y-%m-%d %H:%M:%S %z") */
export function formatLocalTime(seconds: bigint): string {
  const d = new Date(Number(seconds) * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${sign}${p2(Math.floor(a / 60))}${p2(a % 60)}`;
}
