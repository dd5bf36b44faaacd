// virsh's "Snapshot" group (virsh-snapshot.c): create, list, inspect, revert and delete domain
// snapshots.
import type { Domain } from '../../../api/domain.js';
import { DomainSnapshot, SnapshotCreateFlags as C, SnapshotDeleteFlags as D, SnapshotListFlags as L, SnapshotRevertFlags as R, SnapshotXMLFlags } from '../../../api/domain-snapshot.js';
import { escapeLibvirt } from '../../../conf/domain/xml-out.js';
import { isEl, parseXml, type XmlEl } from '../../../conf/xml/parse.js';
import { ErrorCode, ErrorDomain, VirError } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { commandDomain, domainOpt as sharedDomainOpt } from './lookup.js';
import { dumpXml } from './shared/xml-output.js';
import { exclusiveVar as exclusive } from './shared/exclusive-options.js';
import {
  collectListed,
  createAsOpts,
  createAsXml,
  deleteAndReport,
  deleteOpts,
  listModes,
  listOpts,
  printListTable,
  printParent,
  printTreeOrNames,
  treeExcludedFilters,
  xpathString,
  type ParentName,
} from './shared/snapshot-checkpoint.js';
import { stringToArray } from './shared/virsh-strings.js';
import { editInTempFile } from './shared/xml-editor.js';

// --- shared option builders and helpers ---

const domainOpt: OptDef = sharedDomainOpt();
const currentOpt = (help: string): OptDef => ({ name: 'current', type: 'bool', help });

/** virshCommandOptDomain: the domain named by --domain (virsh's "failed to get domain" otherwise). */
async function optDomain(ctl: Ctl, cmd: ParsedCommand): Promise<{ dom: Domain; name: string }> {
  return commandDomain(ctl, cmd);
}

/**
 * virshLookupSnapshot: the snapshot named by option `arg`, or the current one with --current.
 * Returns undefined after reporting (virsh's own line, or libvirt's error).
 */
async function lookupSnapshot(ctl: Ctl, cmd: ParsedCommand, arg: string, exclusiveCurrent: boolean, dom: Domain): Promise<DomainSnapshot | undefined> {
  const current = cmd.has('current');
  const snapname = cmd.stringReq(arg);
  if (exclusiveCurrent && current && snapname !== undefined) {
    ctl.error(`--${arg} and --current are mutually exclusive`);
    return undefined;
  }
  if (snapname !== undefined) return dom.snapshotLookupByName(snapname, 0);
  if (current) return dom.snapshotCurrent(0);
  ctl.error(`--${arg} or --current is required`);
  return undefined;
}

/**
 * virshGetSnapshotParent: the parent's name, or null for a root; false once a failure has been
 * reported (libvirt's error, then virsh's line).
 */
async function snapshotParentName(ctl: Ctl, snap: DomainSnapshot): Promise<ParentName> {
  try {
    return (await snap.getParent(0)).name;
  } catch (e) {
    if (VirError.is(e, ErrorCode.NoDomainSnapshot)) return null;
    // Any other failure: virsh falls back to reading the parent out of the snapshot's XML.
  }
  try {
    const root = await parseXml(await snap.getXMLDesc(0), '(domain_snapshot)', ErrorDomain.DomainSnapshot);
    return xpathString(root, 'parent', 'name') ?? null;
  } catch (e) {
    ctl.error((e as Error).message);
    ctl.error('unable to determine if snapshot has parent');
    return false;
  }
}

/** The snapshot's XML parsed as virsh does for its own reading. */
async function snapshotDoc(snap: DomainSnapshot): Promise<XmlEl> {
  return parseXml(await snap.getXMLDesc(0), '(domain_snapshot)', ErrorDomain.DomainSnapshot);
}

/** The two-space indented lines virsh builds for a snapshot's --memspec. */
function memspecXml(ctl: Ctl, str: string): string | undefined {
  let snapshot: string | undefined;
  let file: string | undefined;
  for (const tok of stringToArray(str)) {
    if (snapshot === undefined && tok.startsWith('snapshot=')) snapshot = tok.slice(9);
    else if (file === undefined && tok.startsWith('file=')) file = tok.slice(5);
    else if (file === undefined && tok.startsWith('/')) file = tok;
    else {
      ctl.error(`unable to parse memspec: ${str}`);
      return undefined;
    }
  }
  let out = '  <memory';
  if (snapshot !== undefined) out += ` snapshot='${escapeLibvirt(snapshot)}'`;
  if (file !== undefined) out += ` file='${escapeLibvirt(file)}'`;
  return `${out}/>\n`;
}

/** One <disk> of --diskspec, at the indentation inside <disks>. */
function diskspecXml(ctl: Ctl, str: string): string | undefined {
  const fail = () => {
    ctl.error(`unable to parse diskspec: ${str}`);
    return undefined;
  };
  const toks = stringToArray(str);
  const name = toks[0];
  let snapshot: string | undefined;
  let driver: string | undefined;
  let stype: string | undefined;
  let file: string | undefined;
  for (const tok of toks.slice(1)) {
    if (snapshot === undefined && tok.startsWith('snapshot=')) snapshot = tok.slice(9);
    else if (driver === undefined && tok.startsWith('driver=')) driver = tok.slice(7);
    else if (stype === undefined && tok.startsWith('stype=')) stype = tok.slice(6);
    else if (file === undefined && tok.startsWith('file=')) file = tok.slice(5);
    else return fail();
  }
  // virsh writes the snapshot and driver values as given, without escaping.
  let out = `    <disk name='${escapeLibvirt(name)}'`;
  if (snapshot !== undefined) out += ` snapshot='${snapshot}'`;
  let isFile = true;
  if (stype !== undefined) {
    if (stype === 'block') isFile = false;
    else if (stype !== 'file') {
      ctl.error(`Unknown storage type: '${stype}'`);
      return fail();
    }
    out += ` type='${stype}'`;
  }
  if (driver === undefined && file === undefined) return `${out}/>\n`;
  out += '>\n';
  if (driver !== undefined) out += `      <driver type='${driver}'/>\n`;
  if (file !== undefined) out += `      <source ${isFile ? 'file' : 'dev'}='${escapeLibvirt(file)}'/>\n`;
  return `${out}    </disk>\n`;
}

/** virshSnapshotCreate: create, retrying as virsh does for older servers, and report. */
async function createSnapshot(ctl: Ctl, dom: Domain, buffer: string, flags: number, from: string | undefined): Promise<boolean> {
  let snap: DomainSnapshot | undefined;
  let halt = false;
  try {
    snap = await dom.snapshotCreateXML(buffer, flags);
  } catch (e) {
    let err = e;
    if (VirError.is(err, ErrorCode.NoSupport) && from === undefined && flags & C.VALIDATE) {
      flags &= ~C.VALIDATE;
      try {
        snap = await dom.snapshotCreateXML(buffer, flags);
      } catch (e2) {
        err = e2;
      }
    }
    // Servers without HALT: snapshot, then destroy the domain ourselves.
    if (!snap && VirError.is(err, ErrorCode.InvalidArg) && flags & C.HALT) {
      if (!(await dom.isPersistent())) {
        ctl.error('cannot halt after snapshot of transient domain');
        return false;
      }
      halt = await dom.isActive().catch(() => false);
      flags &= ~C.HALT;
      snap = await dom.snapshotCreateXML(buffer, flags);
    }
    if (!snap) throw err;
  }
  if (halt) await dom.destroy();
  if (from !== undefined) ctl.printExtra(`Domain snapshot ${snap.name} created from '${from}'`);
  else ctl.printExtra(`Domain snapshot ${snap.name} created`);
  return true;
}

const CREATE_BOOL_FLAGS: [string, number][] = [
  ['no-metadata', C.NO_METADATA],
  ['halt', C.HALT],
  ['disk-only', C.DISK_ONLY],
  ['reuse-external', C.REUSE_EXT],
  ['quiesce', C.QUIESCE],
  ['atomic', C.ATOMIC],
  ['live', C.LIVE],
  ['validate', C.VALIDATE],
];

function createFlags(cmd: ParsedCommand, extra: [string, number][] = []): number {
  let flags = 0;
  for (const [opt, bit] of [...extra, ...CREATE_BOOL_FLAGS]) if (cmd.has(opt)) flags |= bit;
  return flags;
}

const createBoolOpts: OptDef[] = [
  { name: 'no-metadata', type: 'bool', help: 'take the snapshot without keeping its metadata' },
  { name: 'halt', type: 'bool', help: 'stop the domain once the snapshot is taken' },
  { name: 'disk-only', type: 'bool', help: 'snapshot the disks only, not the memory' },
  { name: 'reuse-external', type: 'bool', help: 'use external files that already exist' },
  { name: 'quiesce', type: 'bool', help: "freeze the guest's file systems first" },
  { name: 'atomic', type: 'bool', help: 'all or nothing' },
  { name: 'live', type: 'bool', help: 'take the snapshot while the domain runs' },
  { name: 'validate', type: 'bool', help: 'check the XML against the schema' },
];

// --- commands ---

const snapshotCreate = defineCommand({
  name: 'snapshot-create',
  info: { help: 'create a snapshot from an XML description', desc: 'Takes a snapshot of a domain (disks and memory) as described by an XML file, or with defaults.' },
  opts: [
    domainOpt,
    { name: 'xmlfile', type: 'string', help: 'XML file describing the snapshot' },
    { name: 'redefine', type: 'bool', help: 'redefine the metadata of an existing snapshot' },
    currentOpt('with --redefine, make it the current snapshot'),
    ...createBoolOpts,
  ],
  async run(ctl, cmd) {
    const flags = createFlags(cmd, [['redefine', C.REDEFINE], ['current', C.CURRENT]]);
    const found = await optDomain(ctl, cmd);
    const from = cmd.stringReq('xmlfile');
    const buffer = from === undefined ? '<domainsnapshot/>' : await ctl.readFile(from);
    return createSnapshot(ctl, found.dom, buffer, flags, from);
  },
});

const snapshotCreateAs = defineCommand({
  name: 'snapshot-create-as',
  info: { help: 'create a snapshot from options', desc: 'Takes a snapshot of a domain (disks and memory) described by command line options.' },
  opts: [
    domainOpt,
    ...createAsOpts('snapshot'),
    ...createBoolOpts,
    { name: 'memspec', type: 'string', reqOpt: true, help: 'memory: [file=]name[,snapshot=type]' },
    { name: 'diskspec', type: 'argv', help: 'a disk: disk[,snapshot=type][,driver=type][,stype=type][,file=name]' },
  ],
  async run(ctl, cmd) {
    const flags = createFlags(cmd);
    const found = await optDomain(ctl, cmd);
    const buf = createAsXml(
      ctl,
      cmd,
      'domainsnapshot',
      (spec) => diskspecXml(ctl, spec),
      () => {
        const memspec = cmd.stringReq('memspec');
        return memspec === undefined ? '' : memspecXml(ctl, memspec);
      },
    );
    if (buf === undefined) return false;
    if (cmd.has('print-xml')) {
      ctl.print(`${buf}\n`);
      return true;
    }
    return createSnapshot(ctl, found.dom, buf, flags, undefined);
  },
});

const snapshotEdit = defineCommand({
  name: 'snapshot-edit',
  info: { help: 'edit the XML of a snapshot', desc: 'Opens the XML of a snapshot in an editor and redefines the snapshot from the result.' },
  opts: [
    domainOpt,
    { name: 'snapshotname', type: 'string', help: 'name of the snapshot' },
    currentOpt('also make the edited snapshot the current one'),
    { name: 'rename', type: 'bool', help: 'allow giving the snapshot a new name' },
    { name: 'clone', type: 'bool', help: 'allow copying the snapshot under a new name' },
  ],
  async run(ctl, cmd) {
    const renameOk = cmd.has('rename');
    const cloneOk = cmd.has('clone');
    if (exclusive(ctl, 'rename', renameOk, 'clone', cloneOk)) return false;
    let defineFlags = C.REDEFINE;
    if (cmd.has('current') && cmd.has('snapshotname')) defineFlags |= C.CURRENT;
    const found = await optDomain(ctl, cmd);
    const snap = await lookupSnapshot(ctl, cmd, 'snapshotname', false, found.dom);
    if (!snap) return false;
    const name = snap.name;
    // From here on, every failure ends with virsh's "Failed to update NAME" (then libvirt's error).
    const failed = () => {
      ctl.error(`Failed to update ${name}`);
      return false;
    };
    let edited: DomainSnapshot | undefined;
    try {
      edited = await editLoop({
        getXml: () => snap.getXMLDesc(SnapshotXMLFlags.SECURE),
        define: (doc) => found.dom.snapshotCreateXML(doc, doc.includes('<state>disk-snapshot</state>') ? defineFlags | C.DISK_ONLY : defineFlags),
        unchanged: () => {
          // With --current the snapshot is redefined anyway, to make it current.
          if (defineFlags & C.CURRENT) return false;
          ctl.printExtra(`Snapshot ${name} XML configuration not changed.\n`);
          return true;
        },
      });
    } catch (e) {
      throw new CommandFailure(`Failed to update ${name}`, e);
    }
    if (!edited) return true;
    if (edited.name === name) {
      ctl.printExtra(`Snapshot ${name} edited.\n`);
      return true;
    }
    if (cloneOk) {
      ctl.printExtra(`Snapshot ${name} cloned to ${edited.name}.\n`);
      return true;
    }
    try {
      await (renameOk ? snap : edited).delete(D.METADATA_ONLY);
    } catch (e) {
      ctl.error((e as Error).message);
      ctl.error(`Failed to clean up ${renameOk ? name : edited.name}`);
      return failed();
    }
    if (renameOk) return true;
    ctl.error(`Must use --rename or --clone to change ${name} to ${edited.name}`);
    return failed();
  },
});

/**
 * The editing round of virsh-edit.c, reduced to one pass: edit the XML in the user's editor and
 * define the result if it changed. Returns the new object, or undefined when nothing changed
 * (after `unchanged` said so).
 */
async function editLoop<T>(ops: { getXml(): Promise<string>; define(xml: string): Promise<T>; unchanged(): boolean }): Promise<T | undefined> {
  const original = await ops.getXml();
  const edited = await editInTempFile(original);
  if (edited === original && ops.unchanged()) return undefined;
  return ops.define(edited);
}

const snapshotCurrent = defineCommand({
  name: 'snapshot-current',
  info: { help: 'show or set the current snapshot', desc: 'Prints the current snapshot of a domain, or makes another snapshot the current one.' },
  opts: [
    domainOpt,
    { name: 'name', type: 'bool', help: 'print only the name, not the XML' },
    { name: 'security-info', type: 'bool', help: 'include security sensitive details in the XML' },
    { name: 'snapshotname', type: 'string', help: 'name of the snapshot to make current' },
  ],
  async run(ctl, cmd) {
    let flags = cmd.has('security-info') ? SnapshotXMLFlags.SECURE : 0;
    if (exclusive(ctl, 'name', cmd.has('name'), 'snapshotname', cmd.has('snapshotname'))) return false;
    const found = await optDomain(ctl, cmd);
    const { dom, name: domname } = found;
    const snapshotname = cmd.stringReq('snapshotname');
    if (snapshotname !== undefined) {
      const snap = await dom.snapshotLookupByName(snapshotname, 0);
      const xml = await snap.getXMLDesc(SnapshotXMLFlags.SECURE);
      flags = C.REDEFINE | C.CURRENT;
      if (xml.includes('<state>disk-snapshot</state>')) flags |= C.DISK_ONLY;
      await dom.snapshotCreateXML(xml, flags);
      ctl.printExtra(`Snapshot ${snapshotname} set as current`);
      return true;
    }
    if (!(await dom.hasCurrentSnapshot(0))) {
      ctl.error(`domain '${domname}' has no current snapshot`);
      return false;
    }
    const snap = await dom.snapshotCurrent(0);
    if (cmd.has('name')) ctl.print(snap.name);
    else ctl.print(await snap.getXMLDesc(flags));
    return true;
  },
});

const snapshotInfo = defineCommand({
  name: 'snapshot-info',
  info: { help: 'facts about a snapshot', desc: 'Prints the state, location, parent and children of a snapshot.' },
  opts: [domainOpt, { name: 'snapshotname', type: 'string', help: 'name of the snapshot' }, currentOpt('the current snapshot')],
  async run(ctl, cmd) {
    const found = await optDomain(ctl, cmd);
    const { dom } = found;
    const snap = await lookupSnapshot(ctl, cmd, 'snapshotname', true, dom);
    if (!snap) return false;
    const row = (label: string, value: string | number) => ctl.print(`${label.padEnd(15)} ${value}\n`);
    row('Name:', snap.name);
    row('Domain:', dom.name);
    const current = await snap.isCurrent(0).catch(() => false);
    row('Current:', current ? 'yes' : 'no');
    const doc = await snapshotDoc(snap);
    const state = xpathString(doc, 'state');
    if (state === undefined) {
      ctl.error('unexpected problem reading snapshot xml');
      return false;
    }
    row('State:', state);
    // With a <memory> element, any external part makes the snapshot external; older snapshots
    // without it were external exactly when disk-only.
    const hasMemory = doc.children.some((c) => isEl(c) && c.name === 'memory' && c.ns === '');
    let external: boolean;
    if (hasMemory) {
      const kids = (el: XmlEl | undefined, n: string) => (el?.children ?? []).filter((c): c is XmlEl => isEl(c) && c.name === n && c.ns === '');
      external =
        kids(doc, 'memory').some((m) => m.attrs.snapshot === 'external') ||
        kids(doc, 'disks').some((ds) => kids(ds, 'disk').some((d) => d.attrs.snapshot === 'external'));
    } else {
      external = state === 'disk-snapshot';
    }
    row('Location:', external ? 'external' : 'internal');
    row('Parent:', xpathString(doc, 'parent', 'name') ?? '-');
    let children: number;
    try {
      children = await snap.numChildren(0);
    } catch (e) {
      if (VirError.is(e, ErrorCode.NoSupport)) return true;
      throw e;
    }
    row('Children:', children);
    row('Descendants:', await snap.numChildren(L.DESCENDANTS));
    let metadata: number;
    try {
      metadata = (await snap.hasMetadata(0)) ? 1 : 0;
    } catch {
      metadata = await dom.snapshotNum(L.METADATA).catch(() => -1);
    }
    if (metadata >= 0) row('Metadata:', metadata ? 'yes' : 'no');
    return true;
  },
});

const LIST_FILTERS: [string, number][] = [
  ['leaves', L.LEAVES],
  ['no-leaves', L.NO_LEAVES],
  ['inactive', L.INACTIVE],
  ['active', L.ACTIVE],
  ['disk-only', L.DISK_ONLY],
  ['internal', L.INTERNAL],
  ['external', L.EXTERNAL],
];

const snapshotList = defineCommand({
  name: 'snapshot-list',
  info: { help: 'list the snapshots of a domain', desc: 'Lists the snapshots of a domain, as a table, by name only, or as a tree.' },
  opts: [
    domainOpt,
    ...listOpts(
      'snapshot',
      [
        { name: 'metadata', type: 'bool', help: 'only snapshots whose metadata would block undefining the domain' },
        { name: 'no-metadata', type: 'bool', help: 'only snapshots without libvirt metadata' },
        { name: 'inactive', type: 'bool', help: 'only snapshots taken while the domain was off' },
        { name: 'active', type: 'bool', help: 'only snapshots taken while the domain ran (full system)' },
        { name: 'disk-only', type: 'bool', help: 'only disk-only snapshots' },
        { name: 'internal', type: 'bool', help: 'only internal snapshots' },
        { name: 'external', type: 'bool', help: 'only external snapshots' },
      ],
      [currentOpt('only children of the current snapshot')],
    ),
  ],
  async run(ctl, cmd) {
    const modes = listModes(ctl, cmd);
    if (!modes) return false;
    const { tree, nameOnly, from, parent, roots } = modes;
    const current = cmd.has('current');
    if (exclusive(ctl, 'roots', roots, 'current', current)) return false;
    let flags = treeExcludedFilters(ctl, cmd, tree, LIST_FILTERS);
    if (flags === undefined) return false;
    if (cmd.has('topological')) flags |= L.TOPOLOGICAL;
    if (roots) flags |= L.ROOTS;
    if (cmd.has('metadata')) flags |= L.METADATA;
    if (cmd.has('no-metadata')) flags |= L.NO_METADATA;
    if (cmd.has('descendants')) {
      if (!from && !current) {
        ctl.error('--descendants requires either --from or --current');
        return false;
      }
      flags |= L.DESCENDANTS;
    }
    const { dom } = await optDomain(ctl, cmd);
    let start: DomainSnapshot | undefined;
    if (from || current) {
      start = await lookupSnapshot(ctl, cmd, 'from', true, dom);
      if (!start) return false;
    }
    // virshSnapshotListCollect, for servers with the list-all calls (every libvirt since 0.9.13).
    const snaps = start ? await start.listAllChildren(flags) : await dom.listAllSnapshots(flags);
    const list = await collectListed(snaps, { from: start, tree, topological: (flags & L.TOPOLOGICAL) !== 0, parentName: (s) => snapshotParentName(ctl, s) });
    if (!list) return false;
    if (printTreeOrNames(ctl, list, tree, nameOnly)) return true;
    await printListTable(ctl, list, {
      columns: ['State'],
      parent,
      readDoc: snapshotDoc,
      cells: (doc) => {
        const state = xpathString(doc, 'state');
        return state === undefined ? undefined : [state];
      },
    });
    return true;
  },
});

const snapshotDumpxml = defineCommand({
  name: 'snapshot-dumpxml',
  info: { help: 'print the XML of a snapshot', desc: 'Prints the XML description of a domain snapshot.' },
  opts: [
    domainOpt,
    { name: 'snapshotname', type: 'data', required: true, help: 'name of the snapshot' },
    { name: 'security-info', type: 'bool', help: 'include security sensitive details in the XML' },
    { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
    { name: 'wrap', type: 'bool', help: 'put the XPath results under one root element' },
  ],
  async run(ctl, cmd) {
    const flags = cmd.has('security-info') ? SnapshotXMLFlags.SECURE : 0;
    const name = cmd.stringReq('snapshotname')!;
    const found = await optDomain(ctl, cmd);
    const snap = await found.dom.snapshotLookupByName(name, 0);
    const xpath = cmd.string('xpath');
    const xml = await snap.getXMLDesc(flags);
    return dumpXml(ctl, xml, 'domain-snapshot', xpath, cmd.has('wrap'));
  },
});

const snapshotParent = defineCommand({
  name: 'snapshot-parent',
  info: { help: 'name of the parent of a snapshot', desc: 'Prints the name of the parent of a snapshot, if it has one.' },
  opts: [domainOpt, { name: 'snapshotname', type: 'string', help: 'name of the snapshot' }, currentOpt('the parent of the current snapshot')],
  async run(ctl, cmd) {
    const found = await optDomain(ctl, cmd);
    const snap = await lookupSnapshot(ctl, cmd, 'snapshotname', true, found.dom);
    if (!snap) return false;
    return printParent(ctl, 'snapshot', snap, (s) => snapshotParentName(ctl, s));
  },
});

const snapshotRevert = defineCommand({
  name: 'snapshot-revert',
  info: { help: 'revert a domain to a snapshot', desc: 'Brings a domain back to the state recorded in one of its snapshots.' },
  opts: [
    domainOpt,
    { name: 'snapshotname', type: 'string', help: 'name of the snapshot' },
    currentOpt('the current snapshot'),
    { name: 'running', type: 'bool', help: 'leave the domain running afterwards' },
    { name: 'paused', type: 'bool', help: 'leave the domain paused afterwards' },
    { name: 'force', type: 'bool', help: 'go ahead with risky reverts' },
    { name: 'reset-nvram', type: 'bool', help: 'start NVRAM afresh from its template' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('running')) flags |= R.RUNNING;
    if (cmd.has('paused')) flags |= R.PAUSED;
    if (cmd.has('reset-nvram')) flags |= R.RESET_NVRAM;
    const force = cmd.has('force');
    const found = await optDomain(ctl, cmd);
    const snap = await lookupSnapshot(ctl, cmd, 'snapshotname', true, found.dom);
    if (!snap) return false;
    try {
      try {
        await snap.revert(flags);
      } catch (e) {
        // Older servers reverted riskily by default; ask for force only when it is needed.
        if (!(force && VirError.is(e, ErrorCode.SnapshotRevertRisky))) throw e;
        await snap.revert(flags | R.FORCE);
      }
    } catch (e) {
      throw new CommandFailure(`Failed to revert snapshot ${snap.name}`, e);
    }
    ctl.printExtra(`Domain snapshot ${snap.name} reverted\n`);
    return true;
  },
});

const snapshotDelete = defineCommand({
  name: 'snapshot-delete',
  info: { help: 'delete a snapshot', desc: 'Deletes a domain snapshot, and optionally its children.' },
  opts: [
    domainOpt,
    { name: 'snapshotname', type: 'string', help: 'name of the snapshot' },
    currentOpt('the current snapshot'),
    ...deleteOpts('snapshot', "delete libvirt's metadata only, leaving the snapshot data in place"),
  ],
  async run(ctl, cmd) {
    const found = await optDomain(ctl, cmd);
    const snap = await lookupSnapshot(ctl, cmd, 'snapshotname', true, found.dom);
    if (!snap) return false;
    return deleteAndReport(ctl, cmd, 'snapshot', snap, D);
  },
});

export const commands: CommandDef[] = [
  snapshotCreate,
  snapshotCreateAs,
  snapshotCurrent,
  snapshotDelete,
  snapshotDumpxml,
  snapshotEdit,
  snapshotInfo,
  snapshotList,
  snapshotParent,
  snapshotRevert,
];
