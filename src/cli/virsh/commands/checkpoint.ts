// virsh's "Checkpoint" group (virsh-checkpoint.c): create, list, inspect, edit and delete domain
// checkpoints (the dirty-block markers incremental backups start from).
import type { Domain } from '../../../api/domain.js';
import { CheckpointCreateFlags as C, CheckpointDeleteFlags as D, CheckpointListFlags as L, CheckpointXMLFlags as X, type DomainCheckpoint } from '../../../api/domain-checkpoint.js';
import { escapeLibvirt } from '../../../conf/domain/xml-out.js';
import { isEl, parseXml, type XmlEl } from '../../../conf/xml/parse.js';
import { ErrorCode, ErrorDomain, VirError } from '../../../util/error.js';
import { CommandFailure, defineCommand, type CommandDef, type Ctl, type OptDef, type ParsedCommand } from '../../vsh/command-def.js';
import { printTable, Table } from '../../vsh/table.js';
import { commandDomain, domainOpt as sharedDomainOpt } from './lookup.js';
import { dumpXml } from './network.js';
import { formatLocalTime, stringToArray, treeLines } from './snapshot.js';

// --- shared option builders and helpers ---

const domainOpt: OptDef = sharedDomainOpt();
const checkpointNameOpt = (help = 'name of the checkpoint'): OptDef => ({ name: 'checkpointname', type: 'string', help });

/** VSH_EXCLUSIVE_OPTIONS_VAR */
function exclusive(ctl: Ctl, a: string, hasA: boolean, b: string, hasB: boolean): boolean {
  if (!(hasA && hasB)) return false;
  ctl.error(`Options --${a} and --${b} are mutually exclusive`);
  return true;
}

/**
 * virshLookupCheckpoint: the checkpoint named by option `arg` of the domain. Returns undefined
 * after reporting a missing option; a failed lookup throws libvirt's error.
 */
async function lookupCheckpoint(ctl: Ctl, cmd: ParsedCommand, arg: string, dom: Domain): Promise<DomainCheckpoint | undefined> {
  const name = cmd.stringReq(arg);
  if (name === undefined) {
    ctl.error(`--${arg} is required`);
    return undefined;
  }
  return dom.checkpointLookupByName(name, 0);
}

/**
 * virshGetCheckpointParent: the parent's name, or null for a root; false once a failure has been
 * reported (libvirt's error, then virsh's line).
 */
async function checkpointParentName(ctl: Ctl, chk: DomainCheckpoint): Promise<string | null | false> {
  try {
    return (await chk.getParent(0)).name;
  } catch (e) {
    if (VirError.is(e, ErrorCode.NoDomainCheckpoint)) return null;
    reportError(ctl, e);
    ctl.error('unable to determine if checkpoint has parent');
    return false;
  }
}

/** vshReportError for an error caught in the middle of a command: libvirt's message as it stands. */
function reportError(ctl: Ctl, e: unknown): void {
  ctl.error(e instanceof VirError ? e.message : `internal error: ${(e as Error).message}`);
}

/** string(/domaincheckpoint/a/b…): the text of the first matching element; undefined when empty. */
function xpathString(root: XmlEl, ...names: string[]): string | undefined {
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

/** virshCheckpointCreate: create and report. */
async function createCheckpoint(ctl: Ctl, dom: Domain, buffer: string, flags: number, from: string | undefined): Promise<boolean> {
  const chk = await dom.checkpointCreateXML(buffer, flags);
  if (from !== undefined) ctl.printExtra(`Domain checkpoint ${chk.name} created from '${from}'`);
  else ctl.printExtra(`Domain checkpoint ${chk.name} created`);
  return true;
}

/** One <disk> of --diskspec, at the indentation inside <disks>; undefined after reporting. */
export function diskspecXml(ctl: Pick<Ctl, 'error'>, str: string): string | undefined {
  const toks = stringToArray(str);
  let checkpoint: string | undefined;
  let bitmap: string | undefined;
  for (const tok of toks.slice(1)) {
    if (checkpoint === undefined && tok.startsWith('checkpoint=')) checkpoint = tok.slice('checkpoint='.length);
    else if (bitmap === undefined && tok.startsWith('bitmap=')) bitmap = tok.slice('bitmap='.length);
    else {
      ctl.error(`unable to parse diskspec: ${str}`);
      return undefined;
    }
  }
  // virsh escapes the disk name but writes the other values as given. An empty spec splits into
  // no words at all, and virsh then writes no "<disk name='…'" part either.
  let out = str === '' ? '    ' : `    <disk name='${escapeLibvirt(toks[0])}'`;
  if (checkpoint !== undefined) out += ` checkpoint='${checkpoint}'`;
  if (bitmap !== undefined) out += ` bitmap='${bitmap}'`;
  return `${out}/>\n`;
}

// --- commands ---

const checkpointCreate = defineCommand({
  name: 'checkpoint-create',
  info: { help: 'create a checkpoint from an XML description', desc: 'Records a checkpoint of a running domain, as described by an XML file or with defaults, for later incremental backups.' },
  opts: [
    domainOpt,
    { name: 'xmlfile', type: 'string', help: 'XML file describing the checkpoint' },
    { name: 'redefine', type: 'bool', help: 'redefine the metadata of an existing checkpoint' },
    { name: 'redefine-validate', type: 'bool', help: 'with --redefine, check the checkpoint against the disks' },
    { name: 'quiesce', type: 'bool', help: "freeze the guest's file systems first" },
  ],
  async run(ctl, cmd) {
    if (cmd.has('redefine-validate') && !cmd.has('redefine')) {
      ctl.error('Option --redefine is required by option --redefine-validate');
      return false;
    }
    let flags = 0;
    if (cmd.has('redefine')) flags |= C.REDEFINE;
    if (cmd.has('redefine-validate')) flags |= C.REDEFINE_VALIDATE;
    if (cmd.has('quiesce')) flags |= C.QUIESCE;
    const { dom } = await commandDomain(ctl, cmd);
    const from = cmd.stringReq('xmlfile');
    const buffer = from === undefined ? '<domaincheckpoint/>' : await ctl.readFile(from);
    return createCheckpoint(ctl, dom, buffer, flags, from);
  },
});

const checkpointCreateAs = defineCommand({
  name: 'checkpoint-create-as',
  info: { help: 'create a checkpoint from options', desc: 'Records a checkpoint of a running domain described by command line options, for later incremental backups.' },
  opts: [
    domainOpt,
    { name: 'name', type: 'string', help: 'name of the checkpoint' },
    { name: 'description', type: 'string', help: 'description of the checkpoint' },
    { name: 'print-xml', type: 'bool', help: 'only print the XML that would be used' },
    { name: 'quiesce', type: 'bool', help: "freeze the guest's file systems first" },
    { name: 'diskspec', type: 'argv', help: 'a disk: disk[,checkpoint=type][,bitmap=name]' },
  ],
  async run(ctl, cmd) {
    const flags = cmd.has('quiesce') ? C.QUIESCE : 0;
    const { dom } = await commandDomain(ctl, cmd);
    const name = cmd.stringReq('name');
    const desc = cmd.stringReq('description');
    let buf = '<domaincheckpoint>\n';
    if (name !== undefined) buf += `  <name>${escapeLibvirt(name)}</name>\n`;
    if (desc !== undefined) buf += `  <description>${escapeLibvirt(desc)}</description>\n`;
    if (cmd.has('diskspec')) {
      buf += '  <disks>\n';
      for (const spec of cmd.argv('diskspec')) {
        const disk = diskspecXml(ctl, spec);
        if (disk === undefined) return false;
        buf += disk;
      }
      buf += '  </disks>\n';
    }
    buf += '</domaincheckpoint>\n';
    if (cmd.has('print-xml')) {
      ctl.print(`${buf}\n`);
      return true;
    }
    return createCheckpoint(ctl, dom, buf, flags, undefined);
  },
});

/**
 * The editing round of virsh-edit.c for a checkpoint: write the XML to a temporary file, run the
 * user's editor on it and redefine the checkpoint from the result when it changed. Without a
 * terminal to ask "Try again?", a refused redefinition is reported as "Failed." and ends the edit.
 */
async function editCheckpointXml(
  ctl: Ctl,
  ops: { getXml(): Promise<string>; define(xml: string): Promise<DomainCheckpoint> },
): Promise<{ kind: 'unchanged' } | { kind: 'defined'; chk: DomainCheckpoint } | { kind: 'failed' }> {
  const { open, readFile, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { spawnSync } = await import('node:child_process');
  const { randomBytes } = await import('node:crypto');
  const original = await ops.getXml();
  // virsh's own temporary name: $TMPDIR/virshXXXXXX.xml, created exclusively.
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const file = join(process.env.TMPDIR || '/tmp', `virsh${[...randomBytes(6)].map((b) => letters[b % letters.length]).join('')}.xml`);
  const fh = await open(file, 'wx', 0o600);
  try {
    await fh.writeFile(original);
    await fh.close();
    const editor = process.env.VISUAL || process.env.EDITOR || 'vi';
    // Like virsh, a plain editor name runs directly and anything fancier through the shell.
    const r = /^[A-Za-z0-9\-/_.:@]*$/.test(editor) ? spawnSync(editor, [file], { stdio: 'inherit' }) : spawnSync('sh', ['-c', `${editor} ${file}`], { stdio: 'inherit' });
    if (r.error || r.status !== 0) {
      ctl.error(r.error ? `internal error: Cannot find '${editor}' in path: No such file or directory` : `internal error: Child process (${editor} ${file}) unexpected exit status ${r.status}`);
      return { kind: 'failed' };
    }
    const edited = await readFile(file, 'utf8');
    if (edited === original) return { kind: 'unchanged' };
    // Someone else may have changed the checkpoint meanwhile (or it may be gone).
    const reread = await ops.getXml();
    if (reread !== original) {
      ctl.error('The XML configuration was changed by another user.');
      return { kind: 'failed' };
    }
    try {
      return { kind: 'defined', chk: await ops.define(edited) };
    } catch (e) {
      reportError(ctl, e);
      ctl.error('Failed.');
      return { kind: 'failed' };
    }
  } finally {
    await rm(file, { force: true });
  }
}

const checkpointEdit = defineCommand({
  name: 'checkpoint-edit',
  info: { help: 'edit the XML of a checkpoint', desc: 'Opens the XML of a checkpoint in an editor and redefines the checkpoint from the result.' },
  opts: [domainOpt, checkpointNameOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    const name = chk.name;
    const failed = () => {
      ctl.error(`Failed to update ${name}`);
      return false;
    };
    let outcome;
    try {
      outcome = await editCheckpointXml(ctl, {
        getXml: () => chk.getXMLDesc(X.SECURE),
        define: (doc) => dom.checkpointCreateXML(doc, C.REDEFINE),
      });
    } catch (e) {
      throw new CommandFailure(`Failed to update ${name}`, e);
    }
    if (outcome.kind === 'failed') return failed();
    if (outcome.kind === 'unchanged') {
      ctl.printExtra(`Checkpoint ${name} XML configuration not changed.\n`);
      return true;
    }
    const edited = outcome.chk;
    if (edited.name === name) {
      ctl.printExtra(`Checkpoint ${name} edited.\n`);
      return true;
    }
    // A checkpoint can't be renamed: drop the copy the edit made under the new name.
    try {
      await edited.delete(D.METADATA_ONLY);
    } catch (e) {
      reportError(ctl, e);
      ctl.error(`Failed to clean up ${edited.name}`);
      return failed();
    }
    ctl.error(`Cannot rename checkpoint ${name} to ${edited.name}`);
    return failed();
  },
});

const checkpointInfo = defineCommand({
  name: 'checkpoint-info',
  info: { help: 'facts about a checkpoint', desc: 'Prints the domain, parent, children and descendants of a checkpoint.' },
  opts: [domainOpt, checkpointNameOpt()],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    const row = (label: string, value: string | number) => ctl.print(`${label.padEnd(15)} ${value}\n`);
    row('Name:', chk.name);
    row('Domain:', dom.name);
    const parent = await checkpointParentName(ctl, chk);
    if (parent === false) {
      ctl.error('unexpected problem querying checkpoint state');
      return false;
    }
    row('Parent:', parent ?? '-');
    let children: number;
    try {
      children = (await chk.listAllChildren(0)).length;
    } catch (e) {
      if (VirError.is(e, ErrorCode.NoSupport)) return true;
      throw e;
    }
    row('Children:', children);
    row('Descendants:', (await chk.listAllChildren(L.DESCENDANTS)).length);
    return true;
  },
});

interface ListedCheckpoint {
  chk: DomainCheckpoint;
  parent: string | null;
}

/** vshStrcasecmp, as virsh sorts checkpoint names. */
function strcasecmp(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** virshCheckpointListCollect */
async function collectCheckpoints(ctl: Ctl, dom: Domain, from: DomainCheckpoint | undefined, flags: number, tree: boolean): Promise<ListedCheckpoint[] | undefined> {
  let chks: DomainCheckpoint[];
  try {
    chks = from ? await from.listAllChildren(flags) : await dom.listAllCheckpoints(flags);
  } catch (e) {
    // virsh's line comes first; libvirt's reason is printed when the command ends.
    ctl.error('unexpected problem querying checkpoints');
    throw e;
  }
  const list: ListedCheckpoint[] = chks.map((chk) => ({ chk, parent: null }));
  if (tree) {
    for (const item of list) {
      const parent = await checkpointParentName(ctl, item.chk);
      if (parent === false) return undefined;
      item.parent = parent;
    }
    // With --from, the starting checkpoint heads the tree as the only entry without a parent.
    if (from) list.push({ chk: from, parent: null });
  }
  if (!(flags & L.TOPOLOGICAL)) list.sort((a, b) => strcasecmp(a.chk.name, b.chk.name));
  return list;
}

const checkpointList = defineCommand({
  name: 'checkpoint-list',
  info: { help: 'list the checkpoints of a domain', desc: 'Lists the checkpoints of a domain, as a table, by name only, or as a tree.' },
  opts: [
    domainOpt,
    { name: 'parent', type: 'bool', help: 'add a column with the parent checkpoint' },
    { name: 'roots', type: 'bool', help: 'only checkpoints without a parent' },
    { name: 'leaves', type: 'bool', help: 'only checkpoints without children' },
    { name: 'no-leaves', type: 'bool', help: 'only checkpoints with children' },
    { name: 'tree', type: 'bool', help: 'draw the checkpoints as a tree' },
    { name: 'from', type: 'string', help: 'only children of this checkpoint' },
    { name: 'descendants', type: 'bool', help: 'with --from, all descendants rather than children' },
    { name: 'name', type: 'bool', help: 'print names only' },
    { name: 'topological', type: 'bool', help: 'parents before children instead of by name' },
  ],
  async run(ctl, cmd) {
    const tree = cmd.has('tree');
    const nameOnly = cmd.has('name');
    const from = cmd.has('from');
    const parent = cmd.has('parent');
    const roots = cmd.has('roots');
    if (exclusive(ctl, 'tree', tree, 'name', nameOnly)) return false;
    if (exclusive(ctl, 'parent', parent, 'roots', roots)) return false;
    if (exclusive(ctl, 'parent', parent, 'tree', tree)) return false;
    if (exclusive(ctl, 'roots', roots, 'tree', tree)) return false;
    if (exclusive(ctl, 'roots', roots, 'from', from)) return false;
    let flags = 0;
    for (const [opt, bit] of [
      ['leaves', L.LEAVES],
      ['no-leaves', L.NO_LEAVES],
    ] as const) {
      if (!cmd.has(opt)) continue;
      if (tree) {
        ctl.error(`--${opt} and --tree are mutually exclusive`);
        return false;
      }
      flags |= bit;
    }
    if (cmd.has('topological')) flags |= L.TOPOLOGICAL;
    if (roots) flags |= L.ROOTS;
    if (cmd.has('descendants')) {
      if (!from) {
        ctl.error('--descendants requires --from');
        return false;
      }
      flags |= L.DESCENDANTS;
    }
    const { dom } = await commandDomain(ctl, cmd);
    let start: DomainCheckpoint | undefined;
    if (from) {
      start = await lookupCheckpoint(ctl, cmd, 'from', dom);
      if (!start) return false;
    }
    const list = await collectCheckpoints(ctl, dom, start, flags, tree);
    if (!list) return false;
    if (tree) {
      const names = list.map((c) => c.chk.name);
      const parents = list.map((c) => c.parent);
      let out = '';
      list.forEach((c, i) => {
        if (c.parent === null) out += treeLines(names, parents, i);
      });
      ctl.print(out);
      return true;
    }
    if (nameOnly) {
      ctl.print(list.map((c) => `${c.chk.name}\n`).join(''));
      return true;
    }
    const table = new Table(parent ? ['Name', 'Creation Time', 'Parent'] : ['Name', 'Creation Time']);
    for (const { chk } of list) {
      // virsh skips, without a word, a checkpoint whose XML it cannot read.
      let doc: XmlEl;
      try {
        doc = await parseXml(await chk.getXMLDesc(0), '(domain_checkpoint)', ErrorDomain.DomainCheckpoint);
      } catch {
        continue;
      }
      const created = xpathString(doc, 'creationTime');
      if (created === undefined || !/^[ \t\n\v\f\r]*[+-]?\d+$/.test(created)) continue;
      const when = formatLocalTime(BigInt(created.trim()));
      table.addRow(parent ? [chk.name, when, xpathString(doc, 'parent', 'name') ?? ''] : [chk.name, when]);
    }
    printTable(ctl, table);
    return true;
  },
});

const checkpointDumpxml = defineCommand({
  name: 'checkpoint-dumpxml',
  info: { help: 'print the XML of a checkpoint', desc: 'Prints the XML description of a domain checkpoint.' },
  opts: [
    domainOpt,
    checkpointNameOpt(),
    { name: 'security-info', type: 'bool', help: 'include security sensitive details in the XML' },
    { name: 'no-domain', type: 'bool', help: 'leave the <domain> element out' },
    { name: 'size', type: 'bool', help: 'add an estimate of the data a backup would copy' },
    { name: 'xpath', type: 'string', reqOpt: true, help: 'print only what this XPath expression selects' },
    { name: 'wrap', type: 'bool', help: 'put the XPath results under one root element' },
  ],
  async run(ctl, cmd) {
    let flags = 0;
    if (cmd.has('security-info')) flags |= X.SECURE;
    if (cmd.has('no-domain')) flags |= X.NO_DOMAIN;
    if (cmd.has('size')) flags |= X.SIZE;
    const { dom } = await commandDomain(ctl, cmd);
    const xpath = cmd.string('xpath');
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    const xml = await chk.getXMLDesc(flags);
    return dumpXml(ctl, xml, 'domain-checkpoint', xpath, cmd.has('wrap'));
  },
});

const checkpointParent = defineCommand({
  name: 'checkpoint-parent',
  info: { help: 'name of the parent of a checkpoint', desc: 'Prints the name of the parent of a checkpoint, if it has one.' },
  opts: [domainOpt, checkpointNameOpt('the checkpoint whose parent to print')],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    const parent = await checkpointParentName(ctl, chk);
    if (parent === false) return false;
    if (parent === null) {
      ctl.error(`checkpoint '${chk.name}' has no parent`);
      return false;
    }
    ctl.print(parent);
    return true;
  },
});

const checkpointDelete = defineCommand({
  name: 'checkpoint-delete',
  info: { help: 'delete a checkpoint', desc: 'Deletes a domain checkpoint, and optionally its children.' },
  opts: [
    domainOpt,
    checkpointNameOpt(),
    { name: 'children', type: 'bool', help: 'delete its children as well' },
    { name: 'children-only', type: 'bool', help: 'delete its children but keep the checkpoint' },
    { name: 'metadata', type: 'bool', help: "delete libvirt's metadata only, leaving the bitmaps in place" },
  ],
  async run(ctl, cmd) {
    const { dom } = await commandDomain(ctl, cmd);
    const chk = await lookupCheckpoint(ctl, cmd, 'checkpointname', dom);
    if (!chk) return false;
    let flags = 0;
    if (cmd.has('children')) flags |= D.CHILDREN;
    if (cmd.has('children-only')) flags |= D.CHILDREN_ONLY;
    if (cmd.has('metadata')) flags |= D.METADATA_ONLY;
    try {
      await chk.delete(flags);
    } catch (e) {
      throw new CommandFailure(`Failed to delete checkpoint ${chk.name}`, e);
    }
    if (flags & D.CHILDREN_ONLY) ctl.printExtra(`Domain checkpoint ${chk.name} children deleted\n`);
    else ctl.printExtra(`Domain checkpoint ${chk.name} deleted\n`);
    return true;
  },
});

export const commands: CommandDef[] = [
  checkpointCreate,
  checkpointCreateAs,
  checkpointDelete,
  checkpointDumpxml,
  checkpointEdit,
  checkpointInfo,
  checkpointList,
  checkpointParent,
];
